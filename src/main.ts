import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/config';
import { startDatabase } from './server/database';
import { startApp } from './server/app';
import { startAccessLogMaintenance } from './modules/access-log/retention';

/**
 * `npm start`: the database (embedded unless DATABASE_URL is set), migrations, the demo seed on an empty
 * database, then the API. SIGINT/SIGTERM drain HTTP, close the ORM and stop an embedded server.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await startDatabase(config, (line) => console.log(line));
  const app = await startApp(config, database.orm);
  const maintenance = startAccessLogMaintenance(database.orm, config, (line) => console.log(line));
  console.log(`Grid governance API ready at ${app.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining requests and stopping`);
    await app.stop();
    await maintenance.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof Error && 'code' in error && error.code === 'ECONNREFUSED') {
    console.error(
      `Cannot reach the database: ${error.message}. Check DATABASE_URL or unset it to use the embedded server.`,
    );
  } else console.error(`Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
