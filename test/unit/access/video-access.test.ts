import { expect } from 'chai';
import { decideAccess, isPublic, type AccessVideo, type Viewer } from '../../../server/src/domain/access/video-access.js';

const owner = { id: 1, username: 'owner', firstName: '', lastName: '' };
const coOwner = { id: 2, username: 'co', firstName: '', lastName: '' };

function video(overrides: Partial<AccessVideo> = {}): AccessVideo {
  return { id: 10, siteId: 1, owner, additionalOwners: [coOwner], isDraft: false, isRestricted: false, hasPassword: false, accessGroups: [], courses: [], ...overrides };
}

function viewer(id: number, overrides: Partial<Viewer> = {}): Viewer {
  return { id, siteId: 1, role: 'student', groupIds: [], courseIds: [], ...overrides };
}

const group = { id: 5, codeName: 'l1-info', displayName: 'L1' };
const course = { id: 7, title: 'Algebra', label: 'ALG' };
const decide = (v: AccessVideo, who: Viewer | null, extra: { viaShareLink?: boolean; passwordGiven?: boolean } = {}) =>
  decideAccess({ video: v, viewer: who, viaShareLink: extra.viaShareLink ?? false, passwordGiven: extra.passwordGiven ?? false });

describe('video access rules', () => {
  it('lets everyone watch a public video', () => {
    expect(decide(video(), null)).to.deep.equal({ allowed: true, via: 'audience' });
    expect(decide(video(), viewer(3))).to.deep.equal({ allowed: true, via: 'audience' });
    expect(isPublic(video())).to.equal(true);
  });

  it('shows a draft to its owners and the site admins only', () => {
    const draft = video({ isDraft: true });
    expect(decide(draft, null)).to.deep.equal({ allowed: false, reason: 'login_required' });
    expect(decide(draft, viewer(3))).to.deep.equal({ allowed: false, reason: 'forbidden' });
    expect(decide(draft, viewer(1))).to.deep.equal({ allowed: true, via: 'manager' });
    expect(decide(draft, viewer(2))).to.deep.equal({ allowed: true, via: 'manager' });
    expect(decide(draft, viewer(9, { role: 'admin' }))).to.deep.equal({ allowed: true, via: 'manager' });
    expect(decide(draft, viewer(9, { role: 'admin', siteId: 2 })), "another site's admin").to.deep.equal({ allowed: false, reason: 'forbidden' });
    expect(isPublic(draft)).to.equal(false);
  });

  it('asks anonymous viewers to log in for a restricted video', () => {
    const restricted = video({ isRestricted: true });
    expect(decide(restricted, null)).to.deep.equal({ allowed: false, reason: 'login_required' });
    expect(decide(restricted, viewer(3))).to.deep.equal({ allowed: true, via: 'audience' });
  });

  it('opens a group video to members of one of its groups, or of one of its courses', () => {
    const grouped = video({ isRestricted: true, accessGroups: [group], courses: [course] });
    expect(decide(grouped, null)).to.deep.equal({ allowed: false, reason: 'login_required' });
    expect(decide(grouped, viewer(3))).to.deep.equal({ allowed: false, reason: 'forbidden' });
    expect(decide(grouped, viewer(3, { groupIds: [4, 5] }))).to.deep.equal({ allowed: true, via: 'audience' });
    expect(decide(grouped, viewer(3, { courseIds: [7] }))).to.deep.equal({ allowed: true, via: 'audience' });
    expect(decide(grouped, viewer(3, { courseIds: [8], groupIds: [6] }))).to.deep.equal({ allowed: false, reason: 'forbidden' });
    expect(isPublic(video({ accessGroups: [group] }))).to.equal(false);
    expect(isPublic(video({ courses: [course] }))).to.equal(false);
  });

  it('asks for the password after the audience rules, except from owners', () => {
    const locked = video({ hasPassword: true });
    expect(decide(locked, null)).to.deep.equal({ allowed: false, reason: 'password_required' });
    expect(decide(locked, null, { passwordGiven: true })).to.deep.equal({ allowed: true, via: 'audience' });
    expect(decide(locked, viewer(1))).to.deep.equal({ allowed: true, via: 'manager' });
    const lockedGroup = video({ hasPassword: true, accessGroups: [group] });
    expect(decide(lockedGroup, viewer(3), { passwordGiven: true }), 'the password does not replace group membership').to.deep.equal({ allowed: false, reason: 'forbidden' });
    expect(isPublic(locked)).to.equal(false);
  });

  it('opens anything to a valid share link', () => {
    const everything = video({ isDraft: true, hasPassword: true, accessGroups: [group], isRestricted: true });
    expect(decide(everything, null, { viaShareLink: true })).to.deep.equal({ allowed: true, via: 'share_link' });
    expect(decide(everything, viewer(3), { viaShareLink: true })).to.deep.equal({ allowed: true, via: 'share_link' });
  });
});
