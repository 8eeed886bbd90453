import { expect } from 'chai';
import type { Request, Response } from 'express';
import { refusalShape, refuse } from '../../../lti/lti-refusal.js';
import { translator } from '../../../server/src/http/i18n/i18n.js';

describe('LTI refusals (status, stable code, explanation, log)', () => {
  it('maps Lectern\'s, login-state\'s and ltijs\'s reasons', () => {
    expect(refusalShape('unregistered_platform')).to.deep.equal({ status: 401, code: 'lti_platform_unknown', message: 'lti.refused.unknown_platform' });
    expect(refusalShape('lti_platform_pending')).to.include({ status: 403, code: 'lti_platform_pending' });
    expect(refusalShape('lti_deployment_refused')).to.include({ status: 403, code: 'lti_deployment_refused' });
    expect(refusalShape('NONCE_ALREADY_RECEIVED')).to.deep.equal({ status: 401, code: 'lti_nonce_already_received', message: 'lti.refused.expired' });
    expect(refusalShape('expired_state')).to.include({ code: 'lti_expired_state', message: 'lti.refused.expired' });
    expect(refusalShape('invalid signature')).to.deep.equal({ status: 401, code: 'lti_invalid_signature', message: 'lti.refused.invalid_launch' });
    expect(refusalShape('internal_error')).to.include({ status: 500, code: 'lti_internal_error' });
  });

  it('logs the reason with its code and answers the page with the code and the request id', () => {
    const logged: unknown[][] = [];
    const req = { log: { warn: (...args: unknown[]) => logged.push(args) }, path: '/launch', id: 'req-12345678', locale: 'en', t: translator('en') } as unknown as Request;
    const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
    const res = {
      setHeader: (name: string, value: string) => (sent.headers[name.toLowerCase()] = value),
      status(code: number) { sent.status = code; return this; },
      type() { return this; },
      send(body: string) { sent.body = body; return this; },
    } as unknown as Response;
    refuse('forged_state', req, res, { issuer: 'https://moodle.test' });
    expect(logged).to.deep.equal([[{ reason: 'forged_state', code: 'lti_forged_state', path: '/launch', issuer: 'https://moodle.test' }, 'LTI request refused']]);
    expect(sent.status).to.equal(401);
    expect(sent.headers['x-lectern-error-code']).to.equal('lti_forged_state');
    expect(sent.body).to.contain('lti_forged_state').and.to.contain('req-12345678').and.to.contain('could not be verified');
  });
});
