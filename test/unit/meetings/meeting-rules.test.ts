import { expect } from 'chai';
import { checkMeetingDraft, newBbbMeetingId, type MeetingChoices, type MeetingDraft } from '../../../server/src/domain/meetings/meeting-rules.js';
import { meetingDraft } from '../../helpers/meetings.js';

const PARIS = 'Europe/Paris';
const CHOICES: MeetingChoices = { groupIds: new Set([5, 6]), courseIds: new Set([9]), serverIds: new Set([2]) };

const draft = (fields: Partial<MeetingDraft> = {}): MeetingDraft => meetingDraft({ name: ' Amphi L1 ', startDate: '2025-03-24', ...fields });

const paths = (d: MeetingDraft) => checkMeetingDraft(d, CHOICES, PARIS).problems.map((problem) => problem.path);

describe('meeting rules', () => {
  it('accepts a one-off meeting, trimmed, its start read in the meetings’ time zone', () => {
    const { settings, problems } = checkMeetingDraft(draft(), CHOICES, PARIS);
    expect(problems).to.deep.equal([]);
    expect(settings).to.include({ name: 'Amphi L1', durationMinutes: 90, recurrence: null, frequency: 1, audience: 'logged_in', courseId: null, serverId: null });
    expect(settings!.startAt.toISOString()).to.equal('2025-03-24T09:00:00.000Z');
  });

  it('keeps only what the recurrence and audience use', () => {
    const weekly = checkMeetingDraft(draft({ recurrence: 'weekly', frequency: 2, weekdays: [3, 0, 3], occurrences: 10, groupIds: [5], courseId: 9 }), CHOICES, PARIS).settings!;
    expect(weekly).to.include({ recurrence: 'weekly', frequency: 2, occurrences: 10, recurringUntil: null, monthlyType: 'date_day', courseId: null });
    expect(weekly.weekdays).to.deep.equal([0, 3]);
    expect(weekly.groupIds).to.deep.equal([]);
    const monthly = checkMeetingDraft(draft({ recurrence: 'monthly', monthlyType: 'nth_day', weekdays: [1], recurringUntil: '2025-12-31', audience: 'course', courseId: 9 }), CHOICES, PARIS).settings!;
    expect(monthly).to.include({ monthlyType: 'nth_day', recurringUntil: '2025-12-31', courseId: 9 });
    expect(monthly.weekdays).to.deep.equal([]);
    const once = checkMeetingDraft(draft({ frequency: 7, occurrences: 3, weekdays: [0] }), CHOICES, PARIS).settings!;
    expect(once).to.include({ recurrence: null, frequency: 1, occurrences: null });
  });

  it('refuses names, dates, times and numbers out of Pod’s bounds', () => {
    expect(paths(draft({ name: ' x ', startDate: '2025-02-30', startTime: '25:00', durationMinutes: 4, maxParticipants: 1, welcomeText: 'w'.repeat(2001) }))).to.deep.equal([
      'name',
      'start_date',
      'start_time',
      'duration_minutes',
      'max_participants',
      'welcome_text',
    ]);
    expect(paths(draft({ name: 'n'.repeat(251), durationMinutes: Number.NaN, maxParticipants: 5001 }))).to.deep.equal(['name', 'duration_minutes', 'max_participants']);
    expect(paths(draft({ recurrence: 'hourly' }))).to.deep.equal(['recurrence']);
  });

  it('checks recurrences as Pod does: the start’s day among the weekdays, an end after the start, not both ends', () => {
    expect(paths(draft({ recurrence: 'weekly', weekdays: [1, 2] }))).to.deep.equal(['weekdays']);
    expect(paths(draft({ recurrence: 'weekly', weekdays: [] }))).to.deep.equal(['weekdays']);
    expect(paths(draft({ recurrence: 'weekly', weekdays: [0, 9] }))).to.deep.equal(['weekdays']);
    expect(paths(draft({ recurrence: 'daily', frequency: 0 }))).to.deep.equal(['frequency']);
    expect(paths(draft({ recurrence: 'daily', frequency: 101 }))).to.deep.equal(['frequency']);
    expect(paths(draft({ recurrence: 'daily', recurringUntil: '2025-03-23' }))).to.deep.equal(['recurring_until']);
    expect(paths(draft({ recurrence: 'daily', recurringUntil: 'soon' }))).to.deep.equal(['recurring_until']);
    expect(paths(draft({ recurrence: 'daily', recurringUntil: '2025-03-24' }))).to.deep.equal([]);
    expect(paths(draft({ recurrence: 'daily', recurringUntil: '2025-04-30', occurrences: 5 }))).to.deep.equal(['recurrence_end']);
    expect(paths(draft({ recurrence: 'daily', occurrences: 1 }))).to.deep.equal(['occurrences']);
    expect(paths(draft({ recurrence: 'daily', occurrences: 501 }))).to.deep.equal(['occurrences']);
    expect(paths(draft({ recurrence: 'monthly', monthlyType: 'weekly' }))).to.deep.equal(['monthly_type']);
  });

  it('lets the owner choose only the site’s groups, their own courses and the site’s active servers', () => {
    expect(paths(draft({ audience: 'everyone' }))).to.deep.equal(['audience']);
    expect(paths(draft({ audience: 'groups', groupIds: [] }))).to.deep.equal(['groups']);
    expect(paths(draft({ audience: 'groups', groupIds: [5, 7] }))).to.deep.equal(['groups']);
    expect(paths(draft({ audience: 'course', courseId: null }))).to.deep.equal(['course_id']);
    expect(paths(draft({ audience: 'course', courseId: 10 }))).to.deep.equal(['course_id']);
    expect(paths(draft({ serverId: 3 }))).to.deep.equal(['server_id']);
    expect(paths(draft({ audience: 'groups', groupIds: [5, 6], serverId: 2 }))).to.deep.equal([]);
  });

  it('gives a personal room no schedule: it keeps its start and never recurs', () => {
    const startAt = new Date('2024-09-01T06:00:00Z');
    const { settings, problems } = checkMeetingDraft(draft({ startDate: '', startTime: '', durationMinutes: Number.NaN, recurrence: 'daily' }), CHOICES, PARIS, { startAt, durationMinutes: 120 });
    expect(problems).to.deep.equal([]);
    expect(settings).to.include({ startAt, durationMinutes: 120, recurrence: null });
  });

  it('makes ASCII BBB meeting ids: a slug of at most 40 characters and 12 random hex characters', () => {
    expect(newBbbMeetingId('Réunion d’équipe : TD n°3', () => 'a1b2c3d4e5f6')).to.equal('reunion-dequipe-td-n3-a1b2c3d4e5f6');
    expect(newBbbMeetingId('x'.repeat(39) + ' yz')).to.match(/^x{39}-[0-9a-f]{12}$/);
    expect(newBbbMeetingId('🎓🎓', () => '000000000000')).to.equal('meeting-000000000000');
    expect(newBbbMeetingId('snake_case name')).to.match(/^snake-case-name-[0-9a-f]{12}$/);
    expect(newBbbMeetingId('a')).to.not.equal(newBbbMeetingId('a'));
  });
});
