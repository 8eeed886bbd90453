import { expect } from 'chai';
import { CLOCK_SKEW_SECONDS, gateRefusal, unverifiedPayload } from '../../../lti/launch-gate.js';

const token = (payload: object) => `${Buffer.from('{"alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('LTI launch gate (pure)', () => {
  const now = 1_800_000_000;

  it('lets a well-formed post with a state and a past or present iat through', () => {
    expect(gateRefusal({ id_token: token({ iat: now }), state: 'abc' }, now)).to.equal(null);
    expect(gateRefusal({ id_token: token({ iat: now + CLOCK_SKEW_SECONDS }), state: 'abc' }, now)).to.equal(null);
  });

  it('refuses a missing id_token or state, a malformed token, and a token issued in the future', () => {
    expect(gateRefusal({ state: 'abc' }, now)).to.equal('missing_id_token');
    expect(gateRefusal({ id_token: token({ iat: now }) }, now)).to.equal('missing_state');
    expect(gateRefusal({ id_token: token({ iat: now }), state: '' }, now)).to.equal('missing_state');
    expect(gateRefusal({ id_token: 'not.a-jwt', state: 'abc' }, now)).to.equal('malformed_id_token');
    expect(gateRefusal({ id_token: `a.${Buffer.from('[1]').toString('base64url')}.c`, state: 'abc' }, now)).to.equal('malformed_id_token');
    expect(gateRefusal({ id_token: token({ iat: now + CLOCK_SKEW_SECONDS + 1 }), state: 'abc' }, now)).to.equal('issued_in_future');
  });

  it('reads a payload without verifying it, or null', () => {
    expect(unverifiedPayload(token({ iss: 'x' }))).to.deep.equal({ iss: 'x' });
    expect(unverifiedPayload('a.b')).to.equal(null);
  });
});
