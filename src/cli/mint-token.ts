import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { startDatabase } from '../server/database';
import { User } from '../modules/user/user.entity';
import { createTokenService } from '../auth/tokens';

/** `npm run token -- <username>`: prints a bearer token for a user, for scripts and manual testing. */
async function main(): Promise<void> {
  const username = process.argv[2];
  if (!username) throw new Error('usage: npm run token -- <username>');
  const config = loadConfig();
  const database = await startDatabase({ ...config, SEED_SCALE: 'none' }, () => undefined);
  try {
    const user = await database.orm.em.fork().findOne(User, { username, active: true });
    if (!user) throw new Error(`no active user named ${username}`);
    console.log(await createTokenService(config).sign(user.id));
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
