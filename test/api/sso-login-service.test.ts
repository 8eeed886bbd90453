import { PENDING_LINK_TTL_MS } from '../../server/src/domain/sso/sso-login-service.js';
import { expect } from 'chai';
import { AppError } from '../../server/src/domain/errors.js';
import { DEFAULT_IDENTITY_MAPPING, parseIdentityMapping } from '../../server/src/domain/sso/identity-mapping.js';
import type { SsoSignInResult } from '../../server/src/domain/sso/sso-login-service.js';
import type { User } from '../../server/src/domain/users/user.js';
import { createUser } from '../helpers/factories.js';
import { OID, TEST_CAS, TEST_IDP, casAssertion, samlAssertion } from '../helpers/sso-assertions.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('no refusal');
}

function signedIn(result: SsoSignInResult): { user: User; how: string } {
  if (result.kind !== 'signed-in') throw new Error(`expected a sign-in, got ${result.kind}`);
  return result;
}

describe('SSO sign-in service (real database)', () => {
  let ctx: TestApp;
  before(async () => {
    ctx = await buildTestApp();
  });
  after(async () => {
    await ctx.close();
  });

  const signIn = (assertion = samlAssertion('new@univ.example'), mapping = DEFAULT_IDENTITY_MAPPING, linkUserId: number | null = null) => ctx.services.ssoLogin.signIn(assertion, mapping, { linkUserId });

  it('creates a user on first sign-in (auth type saml, no password) and records the identity', async () => {
    const { user, how } = signedIn(await signIn(samlAssertion('jcreated@univ.example', { [OID.primaryAffiliation]: 'faculty' })));
    expect(how).to.equal('created');
    expect(user).to.include({ username: 'jcreated@univ.example', firstName: 'Jean', lastName: 'Dupont', email: 'jean.dupont@univ.example', affiliation: 'faculty', role: 'staff', authType: 'saml', siteId: 1 });
    expect(await ctx.services.userIdentities.listForUser(user.id)).to.deep.equal([{ userId: user.id, provider: 'saml', issuer: TEST_IDP, subject: 'jcreated@univ.example', username: null }]);
    expect(await ctx.database.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()).to.deep.equal({ password_hash: null });
    const again = signedIn(await signIn(samlAssertion('jcreated@univ.example', { [OID.primaryAffiliation]: 'faculty' })));
    expect(again).to.deep.include({ how: 'known' });
    expect(again.user.id).to.equal(user.id);
    expect(again.user.lastLoginAt).to.not.equal(null);
  });

  it('creates CAS users keyed on the CAS user', async () => {
    const { user } = signedIn(await signIn(casAssertion('casuser1', { givenName: 'Marie', sn: 'Curie', eduPersonAffiliation: 'student' })));
    expect(user).to.include({ username: 'casuser1', firstName: 'Marie', authType: 'cas', role: 'student' });
    expect(await ctx.services.userIdentities.userOf('cas', TEST_CAS, 'casuser1')).to.equal(user.id);
  });

  it('updates the profile at each login from the attributes, keeping what is not released', async () => {
    const first = signedIn(await signIn(samlAssertion('update@univ.example'))).user;
    const later = signedIn(await signIn(samlAssertion('update@univ.example', { [OID.givenName]: 'Jeanne', [OID.mail]: 'jeanne@univ.example', [OID.primaryAffiliation]: 'affiliate' }))).user;
    expect(later.id).to.equal(first.id);
    expect(later).to.include({ firstName: 'Jeanne', lastName: 'Dupont', email: 'jeanne@univ.example', affiliation: 'affiliate' });
    const bare = signedIn(await signIn(samlAssertion('update@univ.example', { [OID.givenName]: [], [OID.sn]: [], [OID.mail]: [], [OID.affiliation]: [] }))).user;
    expect(bare).to.include({ firstName: 'Jeanne', lastName: 'Dupont', email: 'jeanne@univ.example', affiliation: 'affiliate' });
  });

  it('promotes a student to staff when the affiliations say so, and never demotes', async () => {
    const student = signedIn(await signIn(samlAssertion('promo@univ.example'))).user;
    expect(student.role).to.equal('student');
    const staff = signedIn(await signIn(samlAssertion('promo@univ.example', { [OID.affiliation]: ['employee', 'member'] }))).user;
    expect(staff.role).to.equal('staff');
    const still = signedIn(await signIn(samlAssertion('promo@univ.example', { [OID.affiliation]: ['student'] }))).user;
    expect(still.role).to.equal('staff');
  });

  it('leaves an administrator’s role alone', async () => {
    const admin = (await createUser(ctx, { role: 'admin', username: 'ssoadmin' })).user;
    const identity = samlAssertion('ssoadmin@univ.example', { [OID.affiliation]: ['student'] });
    signedIn(await signIn(identity, DEFAULT_IDENTITY_MAPPING, admin.id));
    const again = signedIn(await signIn(identity)).user;
    expect(again.id).to.equal(admin.id);
    expect(again.role).to.equal('admin');
  });

  it('links a pre-provisioned account (same username, auth type of this protocol, no identity of it yet)', async () => {
    const provisioned = await ctx.services.userService.create({ username: 'prov@univ.example', authType: 'saml', role: 'staff' });
    const { user, how } = signedIn(await signIn(samlAssertion('prov@univ.example')));
    expect(how).to.equal('pre-provisioned');
    expect(user.id).to.equal(provisioned.id);
    expect(user.role).to.equal('staff');
    expect(await ctx.services.userIdentities.userOf('saml', TEST_IDP, 'prov@univ.example')).to.equal(provisioned.id);
  });

  it('never merges a local account of the same name: needs-link', async () => {
    const local = (await createUser(ctx, { username: 'local@univ.example' })).user;
    const before = Date.now();
    const result = await signIn(samlAssertion('local@univ.example'));
    if (result.kind !== 'needs-link') throw new Error('expected needs-link');
    const { expiresAt, ...pending } = result.pending;
    expect({ ...result, pending }).to.deep.equal({ kind: 'needs-link', existingUserId: local.id, pending: { provider: 'saml', issuer: TEST_IDP, subject: 'local@univ.example', siteId: 1, username: 'local@univ.example' } });
    expect(expiresAt).to.be.within(before + PENDING_LINK_TTL_MS, Date.now() + PENDING_LINK_TTL_MS);
    expect(await ctx.services.userIdentities.userOf('saml', TEST_IDP, 'local@univ.example')).to.equal(null);
  });

  it('never merges an account of the same name made by another IdP of the same protocol', async () => {
    signedIn(await signIn(casAssertion('shared', {}, { issuer: 'https://cas.other.example/cas' })));
    expect((await signIn(casAssertion('shared'))).kind).to.equal('needs-link');
  });

  it('never matches anyone by e-mail address', async () => {
    const local = (await createUser(ctx, { username: 'bymail' })).user;
    const { user } = signedIn(await signIn(samlAssertion('other-name@univ.example', { [OID.mail]: local.email })));
    expect(user.id).to.not.equal(local.id);
  });

  it('links the identity to the signed-in user who asked (linkUserId), and signs them in after', async () => {
    const local = (await createUser(ctx, { username: 'linker', role: 'student' })).user;
    const { user, how } = signedIn(await signIn(samlAssertion('linker@univ.example', { [OID.affiliation]: 'faculty' }), DEFAULT_IDENTITY_MAPPING, local.id));
    expect(how).to.equal('linked');
    expect(user).to.include({ id: local.id, role: 'staff', authType: 'local' });
    expect(signedIn(await signIn(samlAssertion('linker@univ.example'))).user.id).to.equal(local.id);
    // Asking again for the same user is no conflict.
    expect(signedIn(await signIn(samlAssertion('linker@univ.example'), DEFAULT_IDENTITY_MAPPING, local.id)).how).to.equal('known');
  });

  it('refuses to link an identity that belongs to someone else (409 sso_identity_taken)', async () => {
    signedIn(await signIn(samlAssertion('taken@univ.example')));
    const other = (await createUser(ctx, { username: 'other-taker' })).user;
    const error = await refusal(signIn(samlAssertion('taken@univ.example'), DEFAULT_IDENTITY_MAPPING, other.id));
    expect([error.code, error.kind]).to.deep.equal(['sso_identity_taken', 'conflict']);
    const pendingError = await refusal(ctx.services.ssoLogin.linkPending(other, { provider: 'saml', issuer: TEST_IDP, subject: 'taken@univ.example', siteId: 1, username: 'other-taker', expiresAt: Date.now() + 60_000 }));
    expect(pendingError.code).to.equal('sso_identity_taken');
  });

  it('refuses a deactivated account (403 sso_account_inactive)', async () => {
    const { user } = signedIn(await signIn(samlAssertion('gone@univ.example')));
    await ctx.database.db.updateTable('users').set({ is_active: false }).where('id', '=', user.id).execute();
    const error = await refusal(signIn(samlAssertion('gone@univ.example')));
    expect([error.code, error.kind]).to.deep.equal(['sso_account_inactive', 'forbidden']);
  });

  it('refuses an assertion without the user key (403 sso_user_key_missing) and creates nobody', async () => {
    const before = await ctx.database.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const error = await refusal(signIn(samlAssertion(null, { [OID.mail]: 'nokey@univ.example' })));
    expect([error.code, error.kind]).to.deep.equal(['sso_user_key_missing', 'forbidden']);
    const after = await ctx.database.db.selectFrom('users').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).to.equal(before.n);
  });

  it('links a pending identity after a local login', async () => {
    const local = (await createUser(ctx, { username: 'pending@univ.example' })).user;
    const result = await signIn(samlAssertion('pending@univ.example'));
    if (result.kind !== 'needs-link') throw new Error('expected needs-link');
    await ctx.services.ssoLogin.linkPending(local, result.pending);
    expect(signedIn(await signIn(samlAssertion('pending@univ.example'))).user.id).to.equal(local.id);
  });

  it('links a pending identity to the account it named only, and not once it lapsed (403 sso_link_other_account, sso_link_expired)', async () => {
    const named = (await createUser(ctx, { username: 'named@univ.example' })).user;
    const stranger = (await createUser(ctx, { username: 'stranger-on-a-shared-computer' })).user;
    const result = await signIn(samlAssertion('named@univ.example'));
    if (result.kind !== 'needs-link') throw new Error('expected needs-link');
    const other = await refusal(ctx.services.ssoLogin.linkPending(stranger, result.pending));
    expect([other.code, other.kind]).to.deep.equal(['sso_link_other_account', 'forbidden']);
    const lapsed = await refusal(ctx.services.ssoLogin.linkPending(named, { ...result.pending, expiresAt: Date.now() - 1 }));
    expect([lapsed.code, lapsed.kind]).to.deep.equal(['sso_link_expired', 'forbidden']);
    expect(await ctx.database.db.selectFrom('user_identities').select('user_id').where('subject', '=', 'named@univ.example').execute()).to.deep.equal([]);
  });

  describe('access groups', () => {
    const groupCodes = async (userId: number) =>
      (
        await ctx.database.db
          .selectFrom('access_group_members as m')
          .innerJoin('access_groups as g', 'g.id', 'm.group_id')
          .select(['g.code_name', 'g.auto_sync'])
          .where('m.user_id', '=', userId)
          .orderBy('g.code_name')
          .execute()
      ).map((row) => `${row.code_name}${row.auto_sync ? '*' : ''}`);

    it('recomputes auto-synchronised memberships at each login; joins existing groups from the groups attribute', async () => {
      const mapping = parseIdentityMapping({ groupsFromAffiliations: true, groupsAttribute: 'memberOf' });
      const manual = await ctx.services.accessRepository.createGroup(1, 'l3-info', 'L3 informatique');
      expect(manual).to.not.equal(null);
      const first = signedIn(await signIn(casAssertion('grouped', { eduPersonAffiliation: ['student', 'member'], memberOf: ['l3-info', 'unknown-group', 'cn=x,ou=groups'] }), mapping)).user;
      expect(await groupCodes(first.id)).to.deep.equal(['l3-info', 'member*', 'student*']);
      await signIn(casAssertion('grouped', { eduPersonAffiliation: ['employee'], memberOf: [] }), mapping);
      // student and member left (auto-synchronised); l3-info stays (not auto-synchronised).
      expect(await groupCodes(first.id)).to.deep.equal(['employee*', 'l3-info']);
    });

    it('creates the groups the groups attribute names only with createGroups', async () => {
      const mapping = parseIdentityMapping({ groupsAttribute: 'memberOf', createGroups: true });
      const user = signedIn(await signIn(casAssertion('creator', { memberOf: ['new-group', 'bad group'] }), mapping)).user;
      expect(await groupCodes(user.id)).to.deep.equal(['new-group*']);
    });

    it('leaves groups alone when the mapping asks for none', async () => {
      const mapping = parseIdentityMapping({ groupsFromAffiliations: true });
      const user = signedIn(await signIn(casAssertion('keeper', { eduPersonAffiliation: 'faculty' }), mapping)).user;
      await signIn(casAssertion('keeper', { eduPersonAffiliation: 'student' }), DEFAULT_IDENTITY_MAPPING);
      expect(await groupCodes(user.id)).to.deep.equal(['faculty*']);
    });
  });
});
