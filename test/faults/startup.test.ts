import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { withAdmin } from '../support/test-database';
import { freePort, startProcess } from './process';

/** Starts the service in embedded mode and answers its exit code and what it printed. */
async function start(env: Record<string, string>): Promise<{ code: number; output: string }> {
  const server = startProcess({ PORT: String(await freePort()), ...env });
  const code = await server.exited;
  return { code, output: server.output() };
}

it('names EMBEDDED_PG_PORT when the port is taken', async () => {
  const port = await freePort();
  const squatter = net.createServer().listen(port, '127.0.0.1');
  try {
    const { code, output } = await start({
      EMBEDDED_PG_DIR: path.join(os.tmpdir(), 'grid-unused-pg'),
      EMBEDDED_PG_PORT: String(port),
    });
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`EMBEDDED_PG_PORT ${port} is in use`));
    expect(output).not.toMatch(/undefined/);
  } finally {
    squatter.close();
  }
});

it('names EMBEDDED_PG_DIR when another server runs in it', async () => {
  const dataDir = await withAdmin(async (client) => (await client.query('show data_directory')).rows[0].data_directory);
  const { code, output } = await start({ EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
  expect(code).toBe(1);
  expect(output).toMatch(/EMBEDDED_PG_DIR .* is in use by another PostgreSQL instance/);
});

it('refuses a data directory under /proc at once instead of spinning', async () => {
  const { code, output } = await start({
    EMBEDDED_PG_DIR: '/proc/grid/postgres',
    EMBEDDED_PG_PORT: String(await freePort()),
  });
  expect(code).toBe(1);
  expect(output).toMatch(/EMBEDDED_PG_DIR \/proc\/grid\/postgres is not a usable path/);
});
