import { sql } from 'kysely';
import { expect } from 'chai';
import request from 'supertest';
import type { Response } from 'supertest';
import { createUser, type UserWithToken } from './factories.js';
import type { TestApp } from './test-app.js';
import { TEST_PUBLIC_URL } from './test-app.js';

/**
 * What the Pod admin API tests share: an administrator's key for site 1, another for a second
 * site (whose objects site 1's key must not see), and checks of DRF's refusals.
 */
export interface PodAdmin {
  readonly admin: UserWithToken;
  /** `Authorization: Token <bridge key>` for site 1. */
  readonly auth: { Authorization: string };
  /** The same for site 2 ("UFR Sciences"). */
  readonly site2Auth: { Authorization: string };
  readonly site2Id: number;
}

export const rest = (path: string) => `${TEST_PUBLIC_URL}/rest/${path}`;

export async function podAdmin(ctx: TestApp): Promise<PodAdmin> {
  const { rows } = await sql<{ id: number }>`INSERT INTO sites (name, domain) VALUES ('UFR Sciences', 'sciences.lectern.test') RETURNING id`.execute(ctx.database.db);
  const site2Id = rows[0]!.id;
  const admin = await createUser(ctx, { role: 'admin' });
  const settings = { name: 'scripts', siteId: null, usernameMapping: 'username' as const, identityIssuer: null, pageSize: 12 };
  const key = (await ctx.services.bridgeKeyService.create(admin.user, settings)).key;
  const site2Key = (await ctx.services.bridgeKeyService.create(admin.user, { ...settings, siteId: site2Id })).key;
  return { admin, auth: { Authorization: `Token ${key}` }, site2Auth: { Authorization: `Token ${site2Key}` }, site2Id };
}

/** A key of site 1 with another page size (paging tests). */
export async function keyWithPageSize(ctx: TestApp, admin: UserWithToken, pageSize: number): Promise<{ Authorization: string }> {
  const key = (await ctx.services.bridgeKeyService.create(admin.user, { name: `page ${pageSize}`, siteId: null, usernameMapping: 'username', identityIssuer: null, pageSize })).key;
  return { Authorization: `Token ${key}` };
}

/** DRF's 400: exactly these fields, each with exactly these messages. */
export function expectFieldErrors(res: Response, fields: Record<string, string[]>): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(400);
  expect(res.body).to.deep.equal(fields);
}

/**
 * The refusals every Pod admin route shares: 401 without or with a wrong key, 403 for a user
 * who is not an administrator.
 */
export async function expectAuthRefusals(ctx: TestApp, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string): Promise<void> {
  const none = await request(ctx.app)[method](path).expect(401);
  expect(none.body).to.deep.equal({ detail: 'Authentication credentials were not provided.' });
  expect(none.headers['www-authenticate']).to.equal('Basic realm="api"');
  const wrong = await request(ctx.app)[method](path).set('Authorization', 'Token 0123456789abcdef0123456789abcdef01234567').expect(401);
  expect(wrong.body).to.deep.equal({ detail: 'Invalid token.' });
  const staff = await createUser(ctx, { role: 'staff' });
  const refused = await request(ctx.app)[method](path).set(staff.auth).expect(403);
  expect(refused.body).to.deep.equal({ detail: 'You do not have permission to perform this action.' });
}

/** DRF's 405 with the methods the route has. */
export async function expectMethodNotAllowed(ctx: TestApp, auth: { Authorization: string }, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, allowed: string): Promise<void> {
  const res = await request(ctx.app)[method](path).set(auth).expect(405);
  expect(res.body).to.deep.equal({ detail: `Method "${method.toUpperCase()}" not allowed.` });
  expect(res.headers.allow).to.equal(`${allowed}, HEAD, OPTIONS`);
}
