import type { Agent } from 'supertest';
import type { CasServerDouble } from './cas-server/index.js';
import { TEST_PUBLIC_URL, type TestApp } from './test-app.js';

/** A CAS server row (site 1, enabled) pointing at the double. */
export async function insertCasServer(ctx: TestApp, cas: CasServerDouble, name = 'CAS Université'): Promise<number> {
  const row = await ctx.database.db.insertInto('cas_servers').values({ site_id: 1, name, base_url: cas.baseUrl }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A browser-less CAS sign-in through Lectern's routes: start (/sso/cas/<id>/login, with `query`),
 * the double issues a ticket as after the password, and the callback answers (returned).
 */
export async function casSignIn(agent: Agent, cas: CasServerDouble, serverId: number, username: string, query = '') {
  await agent.get(`/sso/cas/${serverId}/login${query}`).expect(303);
  const ticket = cas.issueTicket(username, `${TEST_PUBLIC_URL}/sso/cas/${serverId}/callback`);
  return { ticket, response: await agent.get(`/sso/cas/${serverId}/callback?ticket=${ticket}`) };
}
