import { expect } from 'chai';
import { createLoginStates, STATE_TTL_SECONDS, withWrappedState } from '../../../lti/login-state.js';

describe('LTI login state (pure)', () => {
  let clock = 1_800_000_000_000;
  const states = createLoginStates(Buffer.from('a key for tests'), () => clock);

  it('wraps ltijs\'s state, bound to the login\'s nonce, and unwraps it until it expires', () => {
    const wrapped = states.wrap('ab12cd', 'nonce-1');
    expect(wrapped).to.match(/^ls1\.ab12cd\.[0-9a-z]+\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{22}$/);
    expect(states.unwrap(wrapped, 'nonce-1')).to.deep.equal({ ok: true, inner: 'ab12cd' });
    clock += STATE_TTL_SECONDS * 1000;
    expect(states.unwrap(wrapped, 'nonce-1')).to.deep.equal({ ok: false, reason: 'expired_state' });
  });

  it('refuses a state issued for another login (another nonce)', () => {
    const wrapped = states.wrap('ab12cd', 'nonce-1');
    expect(states.unwrap(wrapped, 'nonce-2')).to.deep.equal({ ok: false, reason: 'mismatched_state' });
    expect(states.unwrap(wrapped, '')).to.deep.equal({ ok: false, reason: 'mismatched_state' });
  });

  it('refuses altered, foreign and malformed states', () => {
    const wrapped = states.wrap('ab12cd', 'n');
    expect(states.unwrap(wrapped.replace('ab12cd', 'ab12ce'), 'n')).to.deep.equal({ ok: false, reason: 'forged_state' });
    expect(createLoginStates(Buffer.from('another key'), () => clock).unwrap(wrapped, 'n')).to.deep.equal({ ok: false, reason: 'forged_state' });
    expect(states.unwrap(wrapped.replace(/\.[^.]+$/, ''), 'n')).to.deep.equal({ ok: false, reason: 'malformed_state' });
    expect(states.unwrap('ab12cd', 'n')).to.deep.equal({ ok: false, reason: 'malformed_state' });
    expect(states.unwrap('', 'n')).to.deep.equal({ ok: false, reason: 'malformed_state' });
  });

  it('replaces the state of an authorization redirect only, binding it to the redirect\'s nonce', () => {
    const location = withWrappedState('http://moodle.test/mod/lti/auth.php?scope=openid&state=ab12cd&nonce=n', states);
    const state = new URL(location).searchParams.get('state')!;
    expect(states.unwrap(state, 'n')).to.deep.equal({ ok: true, inner: 'ab12cd' });
    expect(states.unwrap(state, 'm')).to.deep.equal({ ok: false, reason: 'mismatched_state' });
    expect(new URL(location).searchParams.get('nonce')).to.equal('n');
    expect(withWrappedState('http://moodle.test/elsewhere', states)).to.equal('http://moodle.test/elsewhere');
  });
});
