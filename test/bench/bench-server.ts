import 'reflect-metadata';
import cluster from 'node:cluster';
import { buildSchema } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { loadConfig } from '../../src/config/config';
import { startDatabase } from '../../src/server/database';
import { AppParts, startApp } from '../../src/server/app';
import { ContextDeps, createContext, RequestMeta } from '../../src/server/context';
import { createSchema, resolvers } from '../../src/server/schema';
import { entities } from '../../src/server/entities';
import { AccessRecorder } from '../../src/audit/access-recorder';
import { enforceRowPolicy } from '../../src/policy/row-filter';
import { Loaders } from '../../src/db/loaders';
import { buildAbility, newBuilder } from '../../src/policy/ability';
import { Policy } from '../../src/policy/policy';
import type { Principal } from '../../src/policy/principal';
import { startAccessLogMaintenance } from '../../src/modules/access-log/retention';
import { runPrimary } from '../../src/server/cluster';

/**
 * The benchmark's own API process. It is composed here, outside src, from the server's building blocks,
 * because its two switches price the access log and the policy by turning them off: the production
 * server (src/main.ts) has no such switch at all. Read from the environment of this process only:
 *   BENCH_ACCESS_LOG=off  reads are still recorded, but never written to the access log;
 *   BENCH_POLICY=off      every row and field is served in clear, without the field guard.
 */
export interface BenchSwitches {
  accessLog: boolean;
  policy: boolean;
}

export async function benchParts(switches: BenchSwitches): Promise<Partial<AppParts>> {
  const schema = switches.policy
    ? await createSchema()
    : await buildSchema({ resolvers, orphanedTypes: entities, validate: { forbidUnknownValues: false } });
  const context = async (deps: ContextDeps, meta: RequestMeta) => {
    const ctx = await createContext(deps, meta);
    if (!switches.accessLog) ctx.audit = new UnwrittenRecorder();
    if (!switches.policy && ctx.authenticated) {
      ctx.policy = unrestricted(ctx.policy.principal);
      // The row policy on the EntityManager is replaced too: every row of every type.
      enforceRowPolicy(ctx.em as EntityManager, ctx.policy);
      ctx.loaders = new Loaders(ctx.em as EntityManager);
    }
    return ctx;
  };
  return { schema, context };
}

/** Records like the real recorder (that cost stays in the measurement) but has nothing to write. */
class UnwrittenRecorder extends AccessRecorder {
  override get isEmpty(): boolean {
    return true;
  }
}

/** The same caller with every row and field allowed. */
function unrestricted(principal: Principal): Policy {
  const builder = newBuilder();
  builder.can('manage', 'all');
  return new Policy(principal, buildAbility(builder));
}

async function main(): Promise<void> {
  const config = loadConfig();
  // WEB_CONCURRENCY > 1: the server's own cluster primary forks this file's main() as each worker.
  if (config.WEB_CONCURRENCY > 1 && cluster.isPrimary) return runPrimary(config);
  const switches = { accessLog: process.env.BENCH_ACCESS_LOG !== 'off', policy: process.env.BENCH_POLICY !== 'off' };
  const database = await startDatabase(config, (line) => console.log(line));
  const app = await startApp(config, database.orm, await benchParts(switches));
  const maintenance = cluster.isWorker
    ? { stop: async () => undefined }
    : startAccessLogMaintenance(database.orm, config, (line) => console.log(line));
  console.log(
    `Benchmark API (access log ${switches.accessLog ? 'on' : 'off'}, policy ${switches.policy ? 'on' : 'off'})`,
  );
  console.log(`Grid governance API ready at ${app.url}`);
  const stop = async () => {
    await app.stop();
    await maintenance.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`Benchmark API failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
