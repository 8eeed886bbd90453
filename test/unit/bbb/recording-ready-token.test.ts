import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { readRecordingReadyToken, recordingReadyTokenVerifies } from '../../../server/src/infra/bbb/recording-ready-token.js';

const SECRET = '0b21fcaf34673a8c3ec8ed877d76ae34';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A compact JWS made here with node:crypto, as BBB's post-publish script makes it. */
function jwt(payload: unknown, options: { alg?: string; hash?: 'sha256' | 'sha512'; secret?: string; header?: unknown } = {}): string {
  const input = `${b64(options.header ?? { typ: 'JWT', alg: options.alg ?? 'HS256' })}.${b64(payload)}`;
  return `${input}.${createHmac(options.hash ?? 'sha256', options.secret ?? SECRET).update(input).digest('base64url')}`;
}

const CLAIMS = { meeting_id: 'lectern-abc123', record_id: '183f0bf3a0982a127bdb8161e0c44eb696b3e75c-1531240585189' };

describe('recording-ready token (HS256 JWT)', () => {
  it('reads the claims of a token BBB signed and verifies it with the shared secret only', () => {
    const token = jwt(CLAIMS);
    expect(readRecordingReadyToken(token)).to.deep.equal({ ok: true, claims: { meetingId: CLAIMS.meeting_id, recordId: CLAIMS.record_id } });
    expect(recordingReadyTokenVerifies(token, SECRET)).to.equal(true);
    expect(recordingReadyTokenVerifies(token, 'another-shared-secret')).to.equal(false);
    expect(recordingReadyTokenVerifies(token, '')).to.equal(false);
  });

  it('refuses a tampered payload and a signature made with another secret', () => {
    const [header, , signature] = jwt(CLAIMS).split('.');
    const forged = `${header}.${b64({ ...CLAIMS, record_id: 'someone-else' })}.${signature}`;
    expect(readRecordingReadyToken(forged).ok).to.equal(true);
    expect(recordingReadyTokenVerifies(forged, SECRET)).to.equal(false);
    expect(recordingReadyTokenVerifies(jwt(CLAIMS, { secret: 'wrong-secret-value' }), SECRET)).to.equal(false);
  });

  it('refuses every algorithm but HS256: none, HS512, RS256, a missing alg', () => {
    const none = `${b64({ typ: 'JWT', alg: 'none' })}.${b64(CLAIMS)}.`;
    expect(readRecordingReadyToken(none)).to.deep.equal({ ok: false, reason: 'unsupported_alg' });
    expect(readRecordingReadyToken(jwt(CLAIMS, { alg: 'HS512', hash: 'sha512' }))).to.deep.equal({ ok: false, reason: 'unsupported_alg' });
    expect(readRecordingReadyToken(jwt(CLAIMS, { alg: 'RS256' }))).to.deep.equal({ ok: false, reason: 'unsupported_alg' });
    expect(readRecordingReadyToken(jwt(CLAIMS, { alg: 'hs256' }))).to.deep.equal({ ok: false, reason: 'unsupported_alg' });
    expect(readRecordingReadyToken(jwt(CLAIMS, { header: { typ: 'JWT' } }))).to.deep.equal({ ok: false, reason: 'unsupported_alg' });
  });

  it('refuses segments that are not strict base64url', () => {
    const [header, payload, signature] = jwt(CLAIMS).split('.');
    expect(readRecordingReadyToken(`${header}=.${payload}.${signature}`)).to.deep.equal({ ok: false, reason: 'bad_base64url' });
    expect(readRecordingReadyToken(`${header}.${payload}+/.${signature}`)).to.deep.equal({ ok: false, reason: 'bad_base64url' });
    // 'QR' decodes like 'QQ' (stray bits set); five characters cannot be base64 at all.
    expect(readRecordingReadyToken(`QR.${payload}.${signature}`)).to.deep.equal({ ok: false, reason: 'bad_base64url' });
    expect(readRecordingReadyToken(`${header}.eyJhb.${signature}`)).to.deep.equal({ ok: false, reason: 'bad_base64url' });
    expect(readRecordingReadyToken(`${header}.${payload}.${signature}!`)).to.deep.equal({ ok: false, reason: 'malformed' });
  });

  it('refuses a header or payload that is not a JSON object', () => {
    const signature = jwt(CLAIMS).split('.')[2];
    expect(readRecordingReadyToken(`${b64('{"alg":')}.${b64(CLAIMS)}.${signature}`)).to.deep.equal({ ok: false, reason: 'bad_json' });
    expect(readRecordingReadyToken(jwt('not json at all'))).to.deep.equal({ ok: false, reason: 'bad_json' });
    expect(readRecordingReadyToken(jwt([CLAIMS.meeting_id, CLAIMS.record_id]))).to.deep.equal({ ok: false, reason: 'bad_json' });
    expect(readRecordingReadyToken(jwt(null))).to.deep.equal({ ok: false, reason: 'bad_json' });
  });

  it('refuses a token without meeting_id or record_id, or with empty or non-string ones', () => {
    expect(readRecordingReadyToken(jwt({ meeting_id: CLAIMS.meeting_id }))).to.deep.equal({ ok: false, reason: 'missing_claims' });
    expect(readRecordingReadyToken(jwt({ record_id: CLAIMS.record_id }))).to.deep.equal({ ok: false, reason: 'missing_claims' });
    expect(readRecordingReadyToken(jwt({ ...CLAIMS, meeting_id: '' }))).to.deep.equal({ ok: false, reason: 'missing_claims' });
    expect(readRecordingReadyToken(jwt({ ...CLAIMS, record_id: 42 }))).to.deep.equal({ ok: false, reason: 'missing_claims' });
  });

  it('refuses an expired token, and garbage of any shape', () => {
    expect(readRecordingReadyToken(jwt({ ...CLAIMS, exp: Math.floor(Date.now() / 1000) - 10 }))).to.deep.equal({ ok: false, reason: 'expired' });
    expect(readRecordingReadyToken(jwt({ ...CLAIMS, exp: Math.floor(Date.now() / 1000) + 600 })).ok).to.equal(true);
    for (const garbage of ['', 'garbage', 'a.b', 'a.b.c.d', '...', 'x'.repeat(5000)]) {
      expect(readRecordingReadyToken(garbage), garbage.slice(0, 20)).to.have.property('ok', false);
    }
  });
});
