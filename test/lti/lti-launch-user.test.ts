import { expect } from 'chai';
import { createLtiLaunchUsers } from '../../server/src/domain/lms/lti-launch-user.js';
import type { LtiPlatform } from '../../server/src/domain/lms/lti-platform.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { createLtiPlatformRepository } from '../../server/src/infra/repositories/lti-platform-repository.js';
import { createUserIdentityRepository } from '../../server/src/infra/repositories/user-identity-repository.js';
import { createUserRepository } from '../../server/src/infra/repositories/user-repository.js';
import { createUser } from '../helpers/factories.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

describe('LTI launch users: created from the claims, found again by issuer and subject', () => {
  let ctx: TestApp;
  let platform: LtiPlatform;
  let launchUsers: ReturnType<typeof createLtiLaunchUsers>;

  before(async () => {
    ctx = await buildTestApp();
    platform = (await createLtiPlatformRepository(ctx.database.db).insert(
      1,
      { name: 'Moodle', issuer: 'https://moodle.univ.example', clientId: 'abc', authenticationEndpoint: 'https://moodle.univ.example/auth', accessTokenEndpoint: 'https://moodle.univ.example/token', jwksUrl: 'https://moodle.univ.example/certs', deploymentIds: [] },
      { status: 'active', origin: 'manual', product: null },
    ))!;
    launchUsers = createLtiLaunchUsers({ users: createUserRepository(ctx.database.db), identities: createUserIdentityRepository(ctx.database.db), logger: createLogger({ level: 'silent' }) });
  });
  after(async () => ctx?.close());

  it('creates a user on the first launch and finds the same one later, refreshing names and e-mail', async () => {
    const first = await launchUsers.resolve(platform, { subject: '4', givenName: 'Sam', familyName: 'Student', email: 'sam@univ.example', roles: [`${MEMBERSHIP}Learner`], platformUsername: 'student1' });
    expect(first).to.include({ firstName: 'Sam', lastName: 'Student', email: 'sam@univ.example', role: 'student', authType: 'lti', siteId: 1 });
    expect(first.username).to.match(/^student1-[0-9a-f]{8}$/);
    const again = await launchUsers.resolve(platform, { subject: '4', givenName: 'Samuel', familyName: 'Student', roles: [`${MEMBERSHIP}Learner`], platformUsername: 'student1' });
    expect(again.id).to.equal(first.id);
    expect(again).to.include({ firstName: 'Samuel', email: 'sam@univ.example' });
    expect(await ctx.services.userIdentities.listForUser(first.id)).to.deep.equal([{ userId: first.id, provider: 'lti', issuer: platform.issuer, subject: '4', username: 'student1' }]);
  });

  it('promotes a learner who becomes an instructor, and never demotes', async () => {
    const teacher = await launchUsers.resolve(platform, { subject: '3', name: 'Terry Teacher', roles: [`${MEMBERSHIP}Instructor`] });
    expect(teacher).to.include({ role: 'staff', firstName: 'Terry', lastName: 'Teacher' });
    expect((await launchUsers.resolve(platform, { subject: '3', roles: [`${MEMBERSHIP}Learner`] })).role).to.equal('staff');
  });

  it('never merges with a local account by username or e-mail', async () => {
    const local = await createUser(ctx, { username: 'student9' });
    const launched = await launchUsers.resolve(platform, { subject: '9', email: 'ada@example.org', roles: [`${MEMBERSHIP}Learner`], platformUsername: 'student9' });
    expect(launched.id).to.not.equal(local.user.id);
    expect(launched.username).to.not.equal('student9');
  });
});
