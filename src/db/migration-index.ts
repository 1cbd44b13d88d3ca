import fs from 'node:fs';
import path from 'node:path';

export const migrationsDir = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../migrations' : '../../migrations',
);

/** Rewrites migrations/index.ts so the list always holds every migration file, in name order. */
export function writeMigrationIndex(): void {
  const names = fs
    .readdirSync(migrationsDir)
    .filter((file) => /^Migration\d+.*\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  const imports = names.map((name) => `import { ${name} } from './${name}';`).join('\n');
  const entries = names.map((name) => `  { name: '${name}', class: ${name} },`).join('\n');
  const text = `import type { MigrationObject } from '@mikro-orm/core';\n${imports}\n\n/** Every migration in order. \`npm run db:migration\` appends new ones here. */\nexport const migrationsList: MigrationObject[] = [\n${entries}\n];\n`;
  fs.writeFileSync(path.join(migrationsDir, 'index.ts'), text);
}
