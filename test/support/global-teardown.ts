import fs from 'node:fs';
import { TEMPLATE_DATABASE, withAdmin } from './test-database';

export default async function globalTeardown(): Promise<void> {
  await withAdmin((client) => client.query(`drop database if exists "${TEMPLATE_DATABASE}" with (force)`)).catch(
    () => undefined,
  );
  const embedded = (globalThis as Record<string, unknown>).__testDatabase as
    { stop: () => Promise<void>; dataDir: string } | undefined;
  if (embedded) {
    await embedded.stop();
    fs.rmSync(embedded.dataDir, { recursive: true, force: true });
  }
}
