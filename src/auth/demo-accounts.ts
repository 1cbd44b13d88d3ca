/**
 * The demo data's logins (seeds/users.ts): the eight `<post>.demo` users and, at district scale, one login
 * per grid worker, all with one publicly documented password. Production refuses them at login, so a demo
 * database that reached production by mistake still opens no door.
 */
export const DEMO_PASSWORD = 'demo-password';

const DEMO_USERNAME = /\.demo$/i;

/** A demo login: a demo username, or any account whose password is the documented demo password. */
export function isDemoLogin(username: string, password: string): boolean {
  return DEMO_USERNAME.test(username) || password === DEMO_PASSWORD;
}
