import { parseScale } from './scale';
import { seedDatabase } from './seed';

/**
 * node dist/seeds/cli.js [--scale demo|district|<residents>] [--database-url URL]
 * Seeds an empty, migrated database and prints what it loaded.
 */
async function main(argv: string[]): Promise<void> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].split('=', 2);
    if (!key.startsWith('--')) throw new Error(`unexpected argument "${argv[i]}"`);
    args.set(key.slice(2), inline ?? argv[++i] ?? '');
  }
  const unknown = [...args.keys()].filter((key) => key !== 'scale' && key !== 'database-url');
  if (unknown.length) throw new Error(`unknown option --${unknown[0]}; use --scale and --database-url`);
  const databaseUrl = args.get('database-url') || process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('no database: pass --database-url or set DATABASE_URL');
  const summary = await seedDatabase(databaseUrl, parseScale(args.get('scale')), { log: (line) => console.log(line) });
  console.log(`\nseeded scale ${summary.scale} in ${summary.seconds} s`);
  for (const [table, count] of Object.entries(summary.counts))
    console.log(`  ${table.padEnd(24)} ${count.toLocaleString('en-US')}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
