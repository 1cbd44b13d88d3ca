import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { createSchema } from '../server/schema';

export const SCHEMA_FILE = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../../../schema/schema.graphql' : '../../schema/schema.graphql',
);

const HEADER = '# The API schema, printed from the code by `npm run schema`. Do not edit by hand.\n\n';

/** The schema as SDL in a stable order, so the committed file changes only when the API does. */
export async function schemaText(): Promise<string> {
  return HEADER + printSchema(lexicographicSortSchema(await createSchema())) + '\n';
}

if (require.main === module) {
  schemaText()
    .then((text) => {
      fs.writeFileSync(SCHEMA_FILE, text);
      console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
