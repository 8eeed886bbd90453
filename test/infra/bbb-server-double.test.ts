/** The BBB server double follows BBB's (and Scalelite's) documented behaviour. */
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { startBbbServer, type BbbServerDouble, type DoubleRecording } from '../helpers/bbb-server/index.js';

const DOCS_SECRET = '639259d4-9dd8-4b25-bf01-95f9567eaf4b';
const DOCS_QUERY = 'name=Test+Meeting&meetingID=abc123&attendeePW=111222&moderatorPW=333444';

function signed(call: string, query: string, secret: string, algorithm = 'sha1'): string {
  const checksum = createHash(algorithm).update(call + query + secret).digest('hex');
  return `${query}${query ? '&' : ''}checksum=${checksum}`;
}

interface Received {
  readonly contentType: string | undefined;
  readonly body: string;
}

/** A recording-ready receiver: records each POST, answers `status`. */
async function startReceiver(status: number): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ contentType: req.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bbb/recording-ready`;
  return { url, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Verifies an HS256 JWT with node:crypto alone; returns its header and payload, or undefined. */
function verifyHs256(jwt: string, secret: string): { header: unknown; payload: unknown } | undefined {
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  if (signature !== expected) return undefined;
  const decode = (part: string): unknown => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload) };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('BBB server double', () => {
  let bbb: BbbServerDouble;
  afterEach(async () => {
    await bbb.close();
  });

  describe('API', () => {
    beforeEach(async () => {
      bbb = await startBbbServer({ secret: DOCS_SECRET, supportedAlgorithms: ['sha1', 'sha256', 'sha512'] });
    });
    const get = async (call: string, query: string) => (await fetch(`${bbb.apiUrl}${call}?${query}`, { redirect: 'manual' })).text();

    it("accepts the docs' create example (sha1), also with an upper-case checksum", async () => {
      const query = signed('create', DOCS_QUERY, DOCS_SECRET);
      expect(query).to.equal(`${DOCS_QUERY}&checksum=1fcbb0c4fc1f039f73aa6d697d2db9ba7f803f17`);
      expect(await get('create', query)).to.contain('<returncode>SUCCESS</returncode>').and.contain('<attendeePW>111222</attendeePW>');
      expect(await get('create', query.replace(/checksum=(\w+)/, (_m, c: string) => `checksum=${c.toUpperCase()}`))).to.contain('<messageKey>duplicateWarning</messageKey>');
    });

    it('hashes the raw query: the same parameters re-encoded, a missing checksum or a disabled algorithm fail', async () => {
      const checksum = /checksum=(\w+)/.exec(signed('create', DOCS_QUERY, DOCS_SECRET))![1];
      const checksumError = '<response><returncode>FAILED</returncode><messageKey>checksumError</messageKey><message>Checksums do not match</message></response>';
      expect(await get('create', `${DOCS_QUERY.replace('+', '%20')}&checksum=${checksum}`)).to.contain(checksumError);
      expect(await get('create', DOCS_QUERY)).to.contain(checksumError);
      expect(await get('create', signed('create', DOCS_QUERY, DOCS_SECRET, 'sha384'))).to.contain(checksumError);
      expect(await get('create', signed('create', DOCS_QUERY, DOCS_SECRET, 'sha512'))).to.contain('SUCCESS');
      expect(bbb.calls.map((c) => c.checksumOk)).to.deep.equal([false, false, false, true]);
    });

    it('answers the checksum-less index, 404 for an unknown call and 405 for a POST join', async () => {
      expect(await get('', '')).to.contain('<returncode>SUCCESS</returncode><version>2.0</version>');
      expect((await fetch(`${bbb.apiUrl}getNothing?${signed('getNothing', '', DOCS_SECRET)}`)).status).to.equal(404);
      expect((await fetch(`${bbb.apiUrl}join?${signed('join', 'meetingID=a', DOCS_SECRET)}`, { method: 'POST' })).status).to.equal(405);
    });

    it('validates create and join as bbb-web does', async () => {
      expect(await get('create', signed('create', 'name=Only+a+name', DOCS_SECRET))).to.contain('<messageKey>missingParamMeetingID</messageKey>');
      expect(await get('create', signed('create', 'meetingID=a%2Cb&name=Comma', DOCS_SECRET))).to.contain('<messageKey>validationError</messageKey>');
      expect(await get('join', signed('join', 'fullName=Ada&meetingID=unknown&role=viewer', DOCS_SECRET))).to.contain('<messageKey>invalidMeetingIdentifier</messageKey>');
      await get('create', signed('create', DOCS_QUERY, DOCS_SECRET));
      expect(await get('join', signed('join', 'fullName=Ada&meetingID=abc123&password=wrong', DOCS_SECRET))).to.contain('<messageKey>invalidPassword</messageKey>');
      const joined = await get('join', signed('join', 'fullName=Ada&meetingID=abc123&role=viewer&redirect=false', DOCS_SECRET));
      expect(joined).to.contain('<messageKey>successfullyJoined</messageKey>').and.match(/<url>http:\/\/127\.0\.0\.1:\d+\/html5client\/join\?sessionToken=\w+<\/url>/);
      expect(bbb.meeting('abc123')?.attendees.map((a) => a.role)).to.deep.equal(['VIEWER']);
    });
  });

  describe('video playback files', () => {
    let recording: DoubleRecording;
    let bytes: Buffer;
    beforeEach(async () => {
      bbb = await startBbbServer();
      recording = await bbb.addRecording({ meetingID: 'course-v', name: 'Chimie <organique>', formats: ['video', 'presentation', 'podcast'], captions: [{ locale: 'fr', label: 'Français', vtt: 'WEBVTT\n\n00:00.000 --> 00:01.000\nBonjour\n' }] });
      bytes = await readFile(recording.mediaPath);
    });
    const base = () => `${bbb.origin}/playback/video/${recording.recordID}/`;

    it('serves index.html as index.html.erb renders it, and the faststart video-0.m4v beside it', async () => {
      const page = await fetch(base());
      const html = await page.text();
      expect(html).to.contain('<title>Chimie &lt;organique&gt;</title>');
      expect(html).to.contain('<source src="video-0.m4v" type="video/mp4">');
      expect(html).to.contain('<track kind="captions" label="Français" src="caption_fr.vtt" srclang="fr">');
      expect(bytes.indexOf('moov')).to.be.below(bytes.indexOf('mdat'));
      expect(await (await fetch(`${base()}caption_fr.vtt`)).text()).to.contain('Bonjour');
      expect((await fetch(`${bbb.origin}/playback/video/${recording.recordID}`, { redirect: 'manual' })).status).to.equal(301);
    });

    it('answers HEAD with the length, and byte ranges with 206, suffix ranges and 416', async () => {
      const head = await fetch(`${base()}video-0.m4v`, { method: 'HEAD' });
      expect(head.status).to.equal(200);
      expect(head.headers.get('content-length')).to.equal(String(bytes.length));
      expect(head.headers.get('accept-ranges')).to.equal('bytes');
      const part = await fetch(`${base()}video-0.m4v`, { headers: { range: 'bytes=100-199' } });
      expect(part.status).to.equal(206);
      expect(part.headers.get('content-range')).to.equal(`bytes 100-199/${bytes.length}`);
      expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).to.equal(true);
      const tail = await fetch(`${base()}video-0.m4v`, { headers: { range: 'bytes=-10' } });
      expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 10))).to.equal(true);
      const beyond = await fetch(`${base()}video-0.m4v`, { headers: { range: `bytes=${bytes.length}-` } });
      expect(beyond.status).to.equal(416);
      expect(beyond.headers.get('content-range')).to.equal(`bytes */${bytes.length}`);
      expect(bbb.mediaRequests.map((r) => [r.method, r.range, r.status])).to.deep.equal([
        ['HEAD', null, 200],
        ['GET', 'bytes=100-199', 206],
        ['GET', 'bytes=-10', 206],
        ['GET', `bytes=${bytes.length}-`, 416],
      ]);
    });

    it('serves the presentation page and the podcast, and 404 everywhere once deleted', async () => {
      const presentation = `${bbb.origin}/playback/presentation/2.3/${recording.recordID}`;
      const podcast = `${bbb.origin}/podcast/${recording.recordID}/audio.ogg`;
      expect((await fetch(presentation)).status).to.equal(200);
      expect(Buffer.from(await (await fetch(podcast)).arrayBuffer()).subarray(0, 4).toString()).to.equal('OggS');
      bbb.deleteRecording(recording.recordID);
      for (const url of [base(), `${base()}video-0.m4v`, `${base()}caption_fr.vtt`, presentation, podcast]) expect((await fetch(url)).status, url).to.equal(404);
    });

    it('cuts a download after N bytes, N times, then serves it whole', async () => {
      bbb.failMedia(recording.recordID, { kind: 'cut', afterBytes: 1000, times: 2 });
      for (let i = 0; i < 2; i += 1) {
        const response = await fetch(`${base()}video-0.m4v`);
        expect(response.headers.get('content-length')).to.equal(String(bytes.length));
        expect(await failureOf(response.arrayBuffer())).to.be.instanceOf(Error);
      }
      expect(Buffer.from(await (await fetch(`${base()}video-0.m4v`)).arrayBuffer()).equals(bytes)).to.equal(true);
    });

    it('deletes the recording in the middle of a download (deleteAfter), then answers 404', async () => {
      bbb.failMedia(recording.recordID, { kind: 'deleteAfter', afterBytes: 5000 });
      const response = await fetch(`${base()}video-0.m4v`, { headers: { range: 'bytes=0-' } });
      expect(response.status).to.equal(206);
      expect(await failureOf(response.arrayBuffer())).to.be.instanceOf(Error);
      expect(bbb.recording(recording.recordID)?.state).to.equal('deleted');
      expect((await fetch(`${base()}video-0.m4v`, { headers: { range: 'bytes=5000-' } })).status).to.equal(404);
    });

    it('throttles bodies (slow), and close() ends a slow download at once', async () => {
      bbb.failMedia(recording.recordID, { kind: 'slow', bytesPerSecond: 20_000 });
      const started = Date.now();
      const part = await fetch(`${base()}video-0.m4v`, { headers: { range: 'bytes=0-5999' } });
      expect((await part.arrayBuffer()).byteLength).to.equal(6000);
      expect(Date.now() - started).to.be.at.least(200);
      const whole = await fetch(`${base()}video-0.m4v`);
      const reading = failureOf(whole.arrayBuffer());
      const closing = Date.now();
      await bbb.close();
      expect(await reading).to.be.instanceOf(Error);
      expect(Date.now() - closing).to.be.below(1000);
    });
  });

  describe('Scalelite protected recordings', () => {
    let recording: DoubleRecording;
    beforeEach(async () => {
      bbb = await startBbbServer({ protectedRecordings: true });
      recording = await bbb.addRecording({ meetingID: 'course-s', formats: ['video', 'podcast'] });
    });

    async function listedUrl(format: string): Promise<string> {
      const query = signed('getRecordings', `recordID=${recording.recordID}`, bbb.secret, 'sha256');
      const xml = await (await fetch(`${bbb.apiUrl}getRecordings?${query}`)).text();
      expect(xml).to.contain('<protected>true</protected>');
      const match = new RegExp(`<type>${format}</type><url>([^<]+)</url>`).exec(xml);
      return match![1]!.replace(/&amp;/g, '&');
    }

    it('lists one-time links; the first use sets the cookie and redirects, the second is a 404', async () => {
      const link = await listedUrl('video');
      expect(link).to.match(new RegExp(`^${bbb.origin}/recording/${recording.recordID}/video\\?token=[0-9a-f]{64}$`));
      const first = await fetch(link, { redirect: 'manual' });
      expect(first.status).to.equal(307);
      expect(first.headers.get('location')).to.equal(`${bbb.origin}/playback/video/${recording.recordID}/`);
      const setCookie = first.headers.get('set-cookie') ?? '';
      expect(setCookie).to.match(new RegExp(`^recording_video_${recording.recordID}=[\\w-]+\\.[\\w-]+\\.[\\w-]+; path=/video/${recording.recordID}; HttpOnly$`));
      const payload = JSON.parse(Buffer.from(setCookie.split(';')[0]!.split('.')[1]!, 'base64url').toString()) as { sub: string; exp: number };
      expect(payload.sub).to.equal(`/video/${recording.recordID}`);
      expect(payload.exp).to.be.above(Date.now() / 1000);
      expect((await fetch(link, { redirect: 'manual' })).status).to.equal(404);
    });

    it("serves /video/<id>/… only with the cookie (Esup-Pod's rewrite to video-0.m4v works in the same session)", async () => {
      const first = await fetch(await listedUrl('video'), { redirect: 'manual' });
      const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0]!;
      const page = await fetch(first.headers.get('location')!, { redirect: 'manual' });
      expect(page.status).to.equal(307);
      expect(page.headers.get('location')).to.equal(`${bbb.origin}/video/${recording.recordID}/`);
      expect((await fetch(`${bbb.origin}/video/${recording.recordID}/`)).status).to.equal(404);
      expect(await (await fetch(`${bbb.origin}/video/${recording.recordID}/`, { headers: { cookie } })).text()).to.contain('<source src="video-0.m4v"');
      const media = await fetch(`${bbb.origin}/video/${recording.recordID}/video-0.m4v`, { headers: { cookie, range: 'bytes=0-3' } });
      expect(media.status).to.equal(206);
      expect((await fetch(`${bbb.origin}/video/${recording.recordID}/video-0.m4v`, { headers: { cookie: `recording_video_${recording.recordID}=forged.jwt.value` } })).status).to.equal(404);
    });

    it('refuses a token used for another format, a malformed token, and an expired one', async () => {
      const podcastLink = new URL(await listedUrl('podcast'));
      const token = podcastLink.searchParams.get('token')!;
      expect((await fetch(`${bbb.origin}/recording/${recording.recordID}/video?token=${token}`, { redirect: 'manual' })).status).to.equal(404);
      expect((await fetch(`${bbb.origin}/recording/${recording.recordID}/video?token=abc`, { redirect: 'manual' })).status).to.equal(404);
      await bbb.close();
      bbb = await startBbbServer({ protectedRecordings: true, tokenTtlMs: 1 });
      recording = await bbb.addRecording({ meetingID: 'course-s', formats: ['video'] });
      const link = await listedUrl('video');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect((await fetch(link, { redirect: 'manual' })).status).to.equal(404);
    });
  });

  describe('recording-ready callback', () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    beforeEach(async () => {
      bbb = await startBbbServer();
      receiver = await startReceiver(204);
    });
    afterEach(async () => {
      await receiver.close();
    });

    it('POSTs signed_parameters, an HS256 JWT of { meeting_id, record_id } signed with the secret, when the recording is published', async () => {
      const create = `name=Course&meetingID=course-r&record=true&meta_bbb-recording-ready-url=${encodeURIComponent(receiver.url)}`;
      await fetch(`${bbb.apiUrl}create?${signed('create', create, bbb.secret, 'sha256')}`);
      await fetch(`${bbb.apiUrl}join?${signed('join', 'fullName=Ada&meetingID=course-r&role=MODERATOR', bbb.secret, 'sha256')}`, { redirect: 'manual' });
      const recording = await bbb.endWithRecording('course-r');
      expect(recording.recordID).to.equal(bbb.meeting('course-r')!.internalMeetingID);
      expect(recording.metadata).to.include({ 'bbb-recording-ready-url': receiver.url, meetingName: 'Course' });
      expect(recording.recordingReady).to.deep.equal({ url: receiver.url, status: 204, body: '' });
      expect(receiver.received).to.have.length(1);
      expect(receiver.received[0]!.contentType).to.equal('application/x-www-form-urlencoded');
      const jwt = new URLSearchParams(receiver.received[0]!.body).get('signed_parameters')!;
      expect(verifyHs256(jwt, bbb.secret)).to.deep.equal({ header: { typ: 'JWT', alg: 'HS256' }, payload: { meeting_id: 'course-r', record_id: recording.recordID } });
    });

    it('can send forged callbacks: another secret, HS512, alg none, a tampered payload', async () => {
      const payload = { meeting_id: 'm', record_id: 'r' };
      const sent = async (options: Parameters<BbbServerDouble['sendRecordingReady']>[2]) => {
        await bbb.sendRecordingReady(receiver.url, payload, options);
        return new URLSearchParams(receiver.received.at(-1)!.body).get('signed_parameters')!;
      };
      expect(verifyHs256(await sent({ secret: 'other' }), bbb.secret)).to.equal(undefined);
      expect(verifyHs256(await sent({ secret: 'other' }), 'other')).to.not.equal(undefined);
      const hs512 = await sent({ alg: 'HS512' });
      expect(JSON.parse(Buffer.from(hs512.split('.')[0]!, 'base64url').toString())).to.deep.equal({ typ: 'JWT', alg: 'HS512' });
      expect(hs512.split('.')[2]).to.equal(createHmac('sha512', bbb.secret).update(hs512.split('.').slice(0, 2).join('.')).digest('base64url'));
      expect((await sent({ alg: 'none' })).endsWith('.')).to.equal(true);
      expect(verifyHs256(await sent({ tamper: true }), bbb.secret)).to.equal(undefined);
      expect(await bbb.sendRecordingReady(receiver.url, payload)).to.deep.equal({ status: 204, body: '' });
    });

    it('refuses to make a recording for a meeting created without record=true', async () => {
      await fetch(`${bbb.apiUrl}create?${signed('create', 'name=Course&meetingID=no-rec', bbb.secret, 'sha256')}`);
      expect(await failureOf(bbb.endWithRecording('no-rec'))).to.be.instanceOf(Error);
    });
  });

  it('applies failNext to the named call only, the given number of times', async () => {
    bbb = await startBbbServer();
    bbb.failNext('getMeetingInfo', { kind: 'http', status: 503 }, 2);
    const isRunning = `${bbb.apiUrl}isMeetingRunning?${signed('isMeetingRunning', 'meetingID=x1', bbb.secret, 'sha256')}`;
    const info = `${bbb.apiUrl}getMeetingInfo?${signed('getMeetingInfo', 'meetingID=x1', bbb.secret, 'sha256')}`;
    expect((await fetch(isRunning)).status).to.equal(200);
    expect([(await fetch(info)).status, (await fetch(info)).status, (await fetch(info)).status]).to.deep.equal([503, 503, 200]);
  });
});
