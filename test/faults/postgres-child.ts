import { startEmbeddedPostgres } from '../../src/db/embedded';

/**
 * The private PostgreSQL of a fault test, run in a process of its own: the embedded package is an ES module
 * the test runner's module registry cannot load. Prints `ready <url>`; SIGTERM stops the server cleanly.
 */
const [dataDir, port, database] = process.argv.slice(2);
startEmbeddedPostgres({ dataDir, port: Number(port), database, durable: false }).then(
  (server) => {
    process.stdout.write(`ready ${server.url}\n`);
    const stop = () => void server.stop().then(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
