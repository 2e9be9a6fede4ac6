/** The test server's demo users (tests/support/kamailio.ts: user001…user100 and a few named ones). */
import type { KamailioServer } from '../support/kamailio';

/** user001 for 1, … user100 for 100. */
export const demoUser = (index: number): string => `user${String(index).padStart(3, '0')}`;

export function passwordOf(server: KamailioServer, user: string): string {
  const password = server.users[user];
  if (password === undefined) throw new Error(`no demo user ${user} on the test server`);
  return password;
}
