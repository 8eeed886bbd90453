import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { BbbApiError, BbbProtocolError, BbbUnavailableError } from '../../../server/src/domain/meetings/bbb.js';
import { createBbbClient, type BbbClientOptions } from '../../../server/src/infra/bbb/bbb-client.js';

const BASE = 'https://bbb.example.edu/bigbluebutton/api/';
const SECRET = '639259d4-9dd8-4b25-bf01-95f9567eaf4b';
const ok = (inner: string) => `<response><returncode>SUCCESS</returncode>${inner}</response>`;

type Answer = Response | Error | 'hang';

/** A scripted fetch: records each URL and answers from the script in order. */
function fakeFetch(script: Answer[]) {
  const urls: string[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    urls.push(String(input));
    const answer = script.shift();
    if (answer === undefined) throw new Error('fake fetch: no answer left in the script');
    if (answer === 'hang') {
      return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error)));
    }
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch: fetch as typeof globalThis.fetch, urls };
}

function client(script: Answer[], overrides: Partial<BbbClientOptions> = {}) {
  const fake = fakeFetch(script);
  const bbb = createBbbClient({ baseUrl: BASE, secret: SECRET, algorithm: 'sha256', timeoutMs: 1000, retries: 2, retryDelayMs: 1, fetch: fake.fetch, ...overrides });
  return { bbb, urls: fake.urls };
}

const xml = (body: string, status = 200) => new Response(body, { status, headers: { 'content-type': 'text/xml' } });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** Recomputes the checksum the way BBB does: over the raw query minus `&checksum=…`. */
function checksumIsValid(url: string, call: string, algorithm: string): boolean {
  const query = url.slice(url.indexOf('?') + 1);
  const match = /(?:^|&)checksum=([0-9a-f]+)$/.exec(query);
  if (!match) return false;
  const rest = query.slice(0, match.index);
  return createHash(algorithm).update(call + rest + SECRET).digest('hex') === match[1];
}

describe('BBB client', () => {
  it('sends create as a GET to the exact signed URL and parses the answer', async () => {
    const { bbb, urls } = client([xml(ok('<meetingID>m-1</meetingID><internalMeetingID>i-1</internalMeetingID><createTime>1531240585189</createTime><hasUserJoined>false</hasUserJoined><hasBeenForciblyEnded>false</hasBeenForciblyEnded><duration>0</duration>'))]);
    const result = await bbb.create({ name: 'Test Meeting', meetingID: 'm-1', record: true, meta: { 'bbb-origin': 'Lectern' } });
    expect(result.createTime).to.equal(1531240585189);
    const query = 'name=Test+Meeting&meetingID=m-1&record=true&meta_bbb-origin=Lectern';
    const checksum = createHash('sha256').update(`create${query}${SECRET}`).digest('hex');
    expect(urls).to.deep.equal([`${BASE}create?${query}&checksum=${checksum}`]);
  });

  it('sends maxParticipants, welcome and logoutURL on create, in the signed query', async () => {
    const { bbb, urls } = client([xml(ok('<meetingID>m-2</meetingID><internalMeetingID>i-2</internalMeetingID><createTime>1</createTime><hasUserJoined>false</hasUserJoined><hasBeenForciblyEnded>false</hasBeenForciblyEnded><duration>0</duration>'))]);
    await bbb.create({ name: 'Cours', meetingID: 'm-2', welcome: 'Bonjour !', maxParticipants: 40, logoutURL: 'https://lectern.example/meetings' });
    expect(urls[0]).to.contain('create?name=Cours&meetingID=m-2&welcome=Bonjour+%21&maxParticipants=40&logoutURL=https%3A%2F%2Flectern.example%2Fmeetings&checksum=');
    expect(checksumIsValid(urls[0] ?? '', 'create', 'sha256')).to.equal(true);
  });

  it('uses the configured algorithm and adds the missing / to the base URL', async () => {
    const { bbb, urls } = client([xml(ok('<running>true</running>'))], { baseUrl: BASE.slice(0, -1), algorithm: 'sha1' });
    expect(await bbb.isMeetingRunning('abc123')).to.equal(true);
    expect(urls[0]).to.match(/^https:\/\/bbb\.example\.edu\/bigbluebutton\/api\/isMeetingRunning\?meetingID=abc123&checksum=[0-9a-f]{40}$/);
    expect(checksumIsValid(urls[0] ?? '', 'isMeetingRunning', 'sha1')).to.equal(true);
  });

  it('builds a signed join URL for a role without calling BBB', () => {
    const { bbb, urls } = client([]);
    const url = bbb.joinUrl({ meetingID: 'm-1', fullName: 'Émile Zola', role: 'MODERATOR', userID: 'u42', createTime: 1531240585189 });
    expect(urls).to.deep.equal([]);
    expect(url.startsWith(`${BASE}join?fullName=%C3%89mile+Zola&meetingID=m-1&role=MODERATOR&userID=u42&createTime=1531240585189&redirect=true&checksum=`)).to.equal(true);
    expect(checksumIsValid(url, 'join', 'sha256')).to.equal(true);
  });

  it('sends getRecordings filters as comma lists with paging, and parses the recordings', async () => {
    const recording = '<recording><recordID>r-1</recordID><meetingID>m-1</meetingID><published>true</published><state>published</state><startTime>1</startTime><endTime>2</endTime><playback/></recording>';
    const { bbb, urls } = client([xml(ok(`<recordings>${recording}</recordings>`))]);
    const recordings = await bbb.getRecordings({ meetingIDs: ['m-1', 'm-2'], states: ['published', 'unpublished'], meta: { 'lectern-site': 's1' }, offset: 0, limit: 50 });
    expect(recordings.map((r) => r.recordID)).to.deep.equal(['r-1']);
    expect(urls[0]).to.contain('getRecordings?meetingID=m-1%2Cm-2&state=published%2Cunpublished&meta_lectern-site=s1&offset=0&limit=50&checksum=');
    expect(checksumIsValid(urls[0] ?? '', 'getRecordings', 'sha256')).to.equal(true);
  });

  it('refuses an unfiltered getRecordings and ids with commas before calling BBB', async () => {
    const { bbb, urls } = client([]);
    expect((await rejection(bbb.getRecordings({}))) as Error).to.have.property('message').that.contains('refusing to list every recording');
    expect((await rejection(bbb.deleteRecordings(['a,b']))) as Error).to.have.property('message').that.contains('commas');
    expect(urls).to.deep.equal([]);
  });

  it('lists every recording only when asked with `all`, without meetingID or recordID, and never mixed with ids', async () => {
    const { bbb, urls } = client([xml(ok('<recordings/><messageKey>noRecordings</messageKey>'))]);
    expect(await bbb.getRecordings({ all: true, states: ['published'], offset: 50, limit: 50 })).to.deep.equal([]);
    expect(urls[0]).to.contain('getRecordings?state=published&offset=50&limit=50&checksum=');
    expect(checksumIsValid(urls[0] ?? '', 'getRecordings', 'sha256')).to.equal(true);
    expect((await rejection(bbb.getRecordings({ all: true, meetingIDs: ['m-1'] }))) as Error).to.have.property('message').that.contains('cannot be combined');
    expect((await rejection(bbb.getRecordings({ all: false, states: ['published'] }))) as Error).to.have.property('message').that.contains('refusing to list every recording');
    expect(urls).to.have.length(1);
  });

  it('sends publishRecordings and deleteRecordings', async () => {
    const { bbb, urls } = client([xml(ok('<published>false</published>')), xml(ok('<deleted>true</deleted>'))]);
    expect(await bbb.publishRecordings(['r-1', 'r-2'], false)).to.equal(false);
    expect(await bbb.deleteRecordings(['r-1'])).to.equal(true);
    expect(urls[0]).to.contain('publishRecordings?recordID=r-1%2Cr-2&publish=false&checksum=');
    expect(urls[1]).to.contain('deleteRecordings?recordID=r-1&checksum=');
  });

  it('retries on 503 and then succeeds', async () => {
    const { bbb, urls } = client([xml('<html>busy</html>', 503), xml('', 502), xml(ok('<messageKey>sentEndMeetingRequest</messageKey>'))]);
    expect(await bbb.end('m-1')).to.deep.equal({ messageKey: 'sentEndMeetingRequest' });
    expect(urls).to.have.length(3);
    expect(new Set(urls).size).to.equal(1);
  });

  it('retries a network error, and gives up with BbbUnavailableError after the retries', async () => {
    const { bbb, urls } = client([new TypeError('fetch failed'), new TypeError('fetch failed'), xml('oops', 500)]);
    const error = await rejection(bbb.getMeetingInfo('m-1'));
    expect(error).to.be.instanceOf(BbbUnavailableError);
    expect((error as BbbUnavailableError).code).to.equal('bbb_unavailable');
    expect(urls).to.have.length(3);
  });

  it('does not retry a FAILED answer', async () => {
    const { bbb, urls } = client([xml('<response><returncode>FAILED</returncode><messageKey>notFound</messageKey><message>We could not find a meeting with that meeting ID</message></response>')]);
    const error = await rejection(bbb.getMeetingInfo('nope'));
    expect(error).to.be.instanceOf(BbbApiError);
    expect((error as BbbApiError).code).to.equal('bbb_notFound');
    expect(urls).to.have.length(1);
  });

  it('does not retry a garbage answer or an unexpected status', async () => {
    const first = client([xml('hello')]);
    expect(await rejection(first.bbb.isMeetingRunning('m'))).to.be.instanceOf(BbbProtocolError);
    expect(first.urls).to.have.length(1);
    const second = client([xml('Forbidden', 403)]);
    const error = await rejection(second.bbb.isMeetingRunning('m'));
    expect(error).to.be.instanceOf(BbbProtocolError);
    expect((error as BbbProtocolError).message).to.contain('HTTP 403');
  });

  it('turns a timeout into BbbUnavailableError after retrying', async () => {
    const { bbb, urls } = client(['hang', 'hang'], { timeoutMs: 20, retries: 1 });
    const error = await rejection(bbb.isMeetingRunning('m-1'));
    expect(error).to.be.instanceOf(BbbUnavailableError);
    expect((error as Error).message).to.contain('no answer within 20 ms');
    expect(urls).to.have.length(2);
  });
});
