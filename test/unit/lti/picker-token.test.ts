import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { createPickerTokens, type PickerState } from '../../../lti/picker-token.js';

const KEY = Buffer.alloc(32, 7);
const STATE: Omit<PickerState, 'expiresAt'> = {
  userId: 12,
  platformId: 3,
  issuer: 'http://moodle.test',
  clientId: 'BY7bATdJTBnzkjT',
  deploymentId: '1',
  returnUrl: 'http://moodle.test/mod/lti/contentitem_return.php?course=2&id=1&sesskey=x',
  data: 'opaque|data',
  acceptTypes: ['ltiResourceLink'],
  presentationTargets: ['iframe', 'window'],
  acceptMultiple: true,
  acceptLineItem: true,
  locale: 'fr',
};

describe('picker tokens', () => {
  const tokens = createPickerTokens(KEY, 3600);

  it('gives back the state it signed, with its expiry, until it expires', () => {
    const token = tokens.issue(STATE, 1_000);
    expect(token).to.match(/^pt1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(tokens.verify(token, 4_599)).to.deep.equal({ ok: true, state: { ...STATE, expiresAt: 4_600 } });
    expect(tokens.verify(token, 4_600)).to.deep.equal({ ok: false, reason: 'lti_picker_expired' });
  });

  it('refuses a token whose payload was changed, one signed with another key, and garbage', () => {
    const token = tokens.issue(STATE, 1_000);
    const [prefix, payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...STATE, userId: 1, expiresAt: 9_999 })).toString('base64url');
    expect(tokens.verify(`${prefix}.${forged}.${signature}`, 1_001)).to.deep.equal({ ok: false, reason: 'lti_picker_invalid' });
    expect(createPickerTokens(Buffer.alloc(32, 8)).verify(token, 1_001)).to.deep.equal({ ok: false, reason: 'lti_picker_invalid' });
    for (const bad of [undefined, '', 'pt1', `pt2.${payload}.${signature}`, `${token}.x`, 42, 'x'.repeat(20_000)]) {
      expect(tokens.verify(bad, 1_001), String(bad).slice(0, 20)).to.deep.equal({ ok: false, reason: 'lti_picker_invalid' });
    }
  });

  it('refuses a correctly signed payload that lacks fields (an older format)', () => {
    const payload = Buffer.from(JSON.stringify({ userId: 1, expiresAt: 9_999 })).toString('base64url');
    const signature = createHmac('sha256', KEY).update(`pt1.${payload}`).digest('base64url');
    expect(tokens.verify(`pt1.${payload}.${signature}`, 1_000)).to.deep.equal({ ok: false, reason: 'lti_picker_invalid' });
  });
});

