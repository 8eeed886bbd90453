import { expect } from 'chai';
import type { Meeting } from '../../../server/src/domain/meetings/meeting.js';
import { createMeetingInvites } from '../../../server/src/domain/meetings/meeting-invites.js';
import { canModerate, guestDisplayName, joinDecision, type JoinViewer } from '../../../server/src/domain/meetings/meeting-join.js';

const meeting = (fields: Partial<Pick<Meeting, 'audience' | 'groupIds' | 'courseId'>> = {}) => ({ ownerId: 1, siteId: 1, audience: 'anyone' as Meeting['audience'], groupIds: [] as number[], courseId: null as number | null, ...fields });
const user = (id: number, role: JoinViewer['role'] = 'student', siteId = 1): JoinViewer => ({ id, role, siteId });
const none = { groupIds: [], courseIds: [] };

describe('who may join a meeting', () => {
  it('makes the owner and the site’s administrators moderators', () => {
    expect(joinDecision(meeting(), user(1, 'staff'), none)).to.deep.equal({ kind: 'moderator' });
    expect(joinDecision(meeting({ audience: 'course', courseId: 3 }), user(2, 'admin'), none)).to.deep.equal({ kind: 'moderator' });
    expect(canModerate(meeting(), user(2, 'admin', 2))).to.equal(false);
    expect(canModerate(meeting(), user(2, 'staff'))).to.equal(false);
    expect(canModerate(meeting(), null)).to.equal(false);
  });

  it('lets guests into “anyone” meetings and sends them to log in for the others', () => {
    expect(joinDecision(meeting(), null, none)).to.deep.equal({ kind: 'attendee', guest: true });
    for (const audience of ['logged_in', 'groups', 'course'] as const) expect(joinDecision(meeting({ audience }), null, none)).to.deep.equal({ kind: 'login_required' });
  });

  it('checks logged-in users against the audience: site, groups, course', () => {
    expect(joinDecision(meeting({ audience: 'logged_in' }), user(5), none)).to.deep.equal({ kind: 'attendee', guest: false });
    expect(joinDecision(meeting({ audience: 'logged_in' }), user(5, 'student', 2), none)).to.deep.equal({ kind: 'forbidden', reason: 'site' });
    expect(joinDecision(meeting({ audience: 'anyone' }), user(5, 'student', 2), none)).to.deep.equal({ kind: 'attendee', guest: false });
    const groups = meeting({ audience: 'groups', groupIds: [7, 8] });
    expect(joinDecision(groups, user(5), { groupIds: [8], courseIds: [] })).to.deep.equal({ kind: 'attendee', guest: false });
    expect(joinDecision(groups, user(5), { groupIds: [9], courseIds: [7] })).to.deep.equal({ kind: 'forbidden', reason: 'groups' });
    const course = meeting({ audience: 'course', courseId: 4 });
    expect(joinDecision(course, user(5), { groupIds: [], courseIds: [4] })).to.deep.equal({ kind: 'attendee', guest: false });
    expect(joinDecision(course, user(5), { groupIds: [4], courseIds: [3] })).to.deep.equal({ kind: 'forbidden', reason: 'course' });
    expect(joinDecision(meeting({ audience: 'course', courseId: null }), user(5), { groupIds: [], courseIds: [4] })).to.deep.equal({ kind: 'forbidden', reason: 'course' });
  });

  it('takes a guest name of 1 to 100 characters, trimmed and with spaces collapsed', () => {
    expect(guestDisplayName('  Marie   Curie ')).to.equal('Marie Curie');
    expect(guestDisplayName('é'.repeat(100))).to.have.length(100);
    expect(guestDisplayName('é'.repeat(101))).to.equal(null);
    expect(guestDisplayName(' \t ')).to.equal(null);
  });

  it('signs invitation tokens per meeting and salt, and refuses others', () => {
    const invites = createMeetingInvites(Buffer.from('k'.repeat(32)));
    const token = invites.tokenOf({ id: 3, inviteSalt: 'salt-1' });
    expect(token).to.match(/^[A-Za-z0-9_-]{32}$/);
    expect(invites.opens({ id: 3, inviteSalt: 'salt-1' }, token)).to.equal(true);
    expect(invites.opens({ id: 3, inviteSalt: 'salt-2' }, token)).to.equal(false);
    expect(invites.opens({ id: 4, inviteSalt: 'salt-1' }, token)).to.equal(false);
    expect(invites.opens({ id: 3, inviteSalt: 'salt-1' }, `${token.slice(0, -1)}!`)).to.equal(false);
    expect(invites.opens({ id: 3, inviteSalt: 'salt-1' }, token.slice(1))).to.equal(false);
    expect(createMeetingInvites(Buffer.from('j'.repeat(32))).opens({ id: 3, inviteSalt: 'salt-1' }, token)).to.equal(false);
    expect(invites.pathOf({ id: 3, inviteSalt: 'salt-1', bbbMeetingId: 'amphi-0123456789ab' })).to.equal(`/meetings/join/amphi-0123456789ab/${token}`);
  });
});
