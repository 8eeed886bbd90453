import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { createRosterClient, nextLinkOf, NRPS_MEDIA_TYPE, NRPS_SCOPE } from '../../../lti/roster.js';
import { RosterError } from '../../../server/src/domain/lms/lti-roster.js';

interface Seen {
  readonly url: string;
  readonly accept: string | undefined;
  readonly authorization: string | undefined;
}

type Answer = (url: URL) => { status: number; body: string; headers?: Record<string, string> } | null;

/** A stand-in memberships service: `answer` decides; null never answers (timeouts). */
async function service(answer: Answer): Promise<{ base: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', accept: req.headers.accept, authorization: req.headers.authorization });
    const reply = answer(new URL(req.url ?? '/', 'http://127.0.0.1'));
    if (!reply) return;
    res.writeHead(reply.status, { 'content-type': `${NRPS_MEDIA_TYPE}; charset=utf-8`, ...reply.headers });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const silent = { info() {}, warn() {}, error() {}, child() { return silent; } };
const member = (id: number) => ({ user_id: String(id), status: 'Active', name: `Person ${id}`, roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'] });

/** Pages of two members out of `total`, with `from`/`limit` and a rel="next" link while pages come out full. */
function paged(total: number, nextBase?: string): Answer {
  return (url) => {
    const from = Number(url.searchParams.get('from') ?? 0);
    const members = Array.from({ length: Math.max(0, Math.min(2, total - from)) }, (_, i) => member(from + i + 1));
    const next = new URL(url.pathname + url.search, nextBase ?? 'http://placeholder');
    next.searchParams.set('from', String(from + 2));
    const link = members.length === 2 ? (nextBase ? `<${next.href}>; rel="next"` : `<${next.pathname}${next.search}>; rel="next"`) : undefined;
    const headers: Record<string, string> = link ? { link } : {};
    return { status: 200, body: JSON.stringify({ id: url.pathname, context: { id: '2' }, members }), headers };
  };
}

describe('LTI roster client (NRPS 2.0)', () => {
  const scopesAsked: (readonly string[])[] = [];
  const accessToken = async (_issuer: string, _clientId: string, scopes: readonly string[]) => {
    scopesAsked.push(scopes);
    return { tokenType: 'bearer', accessToken: 'the-token' };
  };
  const request = (base: string, role?: string) => ({ issuer: 'http://lms', clientId: 'c', membershipsUrl: `${base}/services.php/CourseSection/2/bindings/1/memberships`, role });

  async function failure(promise: Promise<unknown>): Promise<RosterError> {
    const error = await promise.then(() => null, (caught: unknown) => caught);
    expect(error).to.be.instanceOf(RosterError);
    return error as RosterError;
  }

  it('asks with the NRPS media type and a bearer token for the read-only scope, and follows next pages', async () => {
    const stub = await service(paged(5));
    try {
      const roster = await createRosterClient({ accessToken, logger: silent }).fetch(request(stub.base, 'Learner'));
      expect(roster.members.map((m) => m.userId)).to.deep.equal(['1', '2', '3', '4', '5']);
      expect(roster.truncated).to.equal(false);
      expect(roster.members[0]).to.deep.equal({ userId: '1', name: 'Person 1', givenName: null, familyName: null, email: null, roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'], status: 'Active' });
      expect(stub.seen).to.have.length(3);
      expect(stub.seen.every((s) => s.accept === NRPS_MEDIA_TYPE && s.authorization === 'Bearer the-token')).to.equal(true);
      expect(stub.seen.map((s) => new URL(s.url, stub.base).searchParams.get('role'))).to.deep.equal(['Learner', 'Learner', 'Learner']);
      expect(scopesAsked.at(-1)).to.deep.equal([NRPS_SCOPE]);
    } finally {
      await stub.close();
    }
  });

  it('stops at its page bound and says the list is truncated', async () => {
    const stub = await service(paged(100));
    try {
      const roster = await createRosterClient({ accessToken, logger: silent, maxPages: 3 }).fetch(request(stub.base));
      expect(roster.members).to.have.length(6);
      expect(roster.truncated).to.equal(true);
      expect(stub.seen).to.have.length(3);
    } finally {
      await stub.close();
    }
  });

  it('does not follow a next page on another origin (the bearer token would go there)', async () => {
    const stub = await service(paged(10, 'http://elsewhere.example'));
    try {
      const error = await failure(createRosterClient({ accessToken, logger: silent }).fetch(request(stub.base)));
      expect(error.code).to.equal('lti_roster_invalid');
      expect(stub.seen).to.have.length(1);
    } finally {
      await stub.close();
    }
  });

  it('turns a 403 into lti_roster_unavailable and a 500 into lti_roster_failed, with the platform\'s status and reason', async () => {
    for (const [status, code] of [[403, 'lti_roster_unavailable'], [406, 'lti_roster_unavailable'], [500, 'lti_roster_failed']] as const) {
      const stub = await service(() => ({ status, body: `{"status":${status},"reason":"Nope ${status}"}` }));
      try {
        const error = await failure(createRosterClient({ accessToken, logger: silent }).fetch(request(stub.base)));
        expect([error.code, error.status]).to.deep.equal([code, status]);
        expect(error.message).to.contain(`Nope ${status}`).and.not.contain('the-token');
      } finally {
        await stub.close();
      }
    }
  });

  it('turns a body that is not a membership container into lti_roster_invalid, and skips members without a user id', async () => {
    const bad = await service(() => ({ status: 200, body: '<html>login</html>' }));
    const odd = await service(() => ({ status: 200, body: JSON.stringify({ members: [{ name: 'no id' }, { user_id: 42, roles: null, status: 'Inactive' }] }) }));
    try {
      expect((await failure(createRosterClient({ accessToken, logger: silent }).fetch(request(bad.base)))).code).to.equal('lti_roster_invalid');
      const roster = await createRosterClient({ accessToken, logger: silent }).fetch(request(odd.base));
      expect(roster.members).to.deep.equal([{ userId: '42', name: null, givenName: null, familyName: null, email: null, roles: [], status: 'Inactive' }]);
    } finally {
      await bad.close();
      await odd.close();
    }
  });

  it('gives up on a platform that does not answer (lti_roster_failed)', async () => {
    const stub = await service(() => null);
    try {
      const error = await failure(createRosterClient({ accessToken, logger: silent, timeoutMs: 200 }).fetch(request(stub.base)));
      expect(error.code).to.equal('lti_roster_failed');
      expect(error.message).to.contain('did not answer');
    } finally {
      await stub.close();
    }
  });

  it('turns a refused access token into lti_roster_unavailable and a broken token endpoint into lti_roster_failed', async () => {
    const refused = Object.assign(new Error('Response code 400 (Bad Request)'), { response: { statusCode: 400 } });
    const broken = Object.assign(new Error('Response code 502 (Bad Gateway)'), { response: { statusCode: 502 } });
    const client = (error: Error) => createRosterClient({ accessToken: async () => Promise.reject(error), logger: silent });
    expect((await failure(client(refused).fetch(request('http://127.0.0.1:9')))).code).to.equal('lti_roster_unavailable');
    expect((await failure(client(broken).fetch(request('http://127.0.0.1:9')))).code).to.equal('lti_roster_failed');
    expect((await failure(createRosterClient({ accessToken, logger: silent }).fetch({ ...request(''), membershipsUrl: 'ftp://x/members' }))).code).to.equal('lti_roster_unavailable');
  });

  it('reads the next link of a Link header, Moodle\'s curly quotes and several relations included', () => {
    expect(nextLinkOf('<https://lms/m?from=2>; rel="next"')).to.equal('https://lms/m?from=2');
    expect(nextLinkOf('<https://lms/first>; rel="first", <https://lms/m?a=1,b>; rel=next')).to.equal('https://lms/m?a=1,b');
    expect(nextLinkOf('<https://lms/m2>; rel=\u201cnext\u201d')).to.equal('https://lms/m2');
    expect(nextLinkOf('<https://lms/last>; rel="last"')).to.equal(null);
    expect(nextLinkOf(null)).to.equal(null);
  });
});
