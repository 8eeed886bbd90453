import { expect } from 'chai';
import { NO_RECURRENCE, type MeetingSchedule } from '../../../server/src/domain/meetings/meeting.js';
import { lastOccurrence, nextOccurrence, nthWeekdayOfMonth, occurrenceDays, upcomingOccurrences } from '../../../server/src/domain/meetings/recurrence.js';
import { formatCalendarDay, instantOf, wallTimeAt } from '../../../server/src/domain/meetings/wall-clock.js';

const PARIS = 'Europe/Paris';

/** A schedule starting at a Paris wall time (`2025-03-24T10:00`). */
function schedule(start: string, fields: Partial<MeetingSchedule> = {}): MeetingSchedule {
  const [date = '', time = ''] = start.split('T');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return {
    startAt: instantOf({ year, month, day, hour, minute }, PARIS),
    durationMinutes: 60,
    ...NO_RECURRENCE,
    ...fields,
  };
}

/** The first `count` days of the series, as YYYY-MM-DD. */
function days(s: MeetingSchedule, count: number): string[] {
  const out: string[] = [];
  for (const day of occurrenceDays(s, PARIS)) {
    out.push(formatCalendarDay(day));
    if (out.length === count) break;
  }
  return out;
}

const iso = (date: Date | undefined) => date?.toISOString();

describe('meeting recurrence', () => {
  describe('wall-clock times in a zone', () => {
    it('converts both ways, winter (+01:00) and summer (+02:00)', () => {
      expect(iso(instantOf({ year: 2025, month: 1, day: 15, hour: 10, minute: 0 }, PARIS))).to.equal('2025-01-15T09:00:00.000Z');
      expect(iso(instantOf({ year: 2025, month: 7, day: 15, hour: 10, minute: 0 }, PARIS))).to.equal('2025-07-15T08:00:00.000Z');
      expect(wallTimeAt(new Date('2025-07-15T08:00:00Z'), PARIS)).to.deep.equal({ year: 2025, month: 7, day: 15, hour: 10, minute: 0 });
      expect(wallTimeAt(new Date('2025-12-31T23:30:00Z'), PARIS)).to.deep.equal({ year: 2026, month: 1, day: 1, hour: 0, minute: 30 });
    });

    it('moves a time the clocks skip forward by the gap, and takes the first of a time that happens twice', () => {
      // 30 March 2025: 02:00 → 03:00; 26 October 2025: 03:00 → 02:00.
      expect(iso(instantOf({ year: 2025, month: 3, day: 30, hour: 2, minute: 30 }, PARIS))).to.equal('2025-03-30T01:30:00.000Z');
      expect(wallTimeAt(new Date('2025-03-30T01:30:00Z'), PARIS)).to.include({ hour: 3, minute: 30 });
      expect(iso(instantOf({ year: 2025, month: 10, day: 26, hour: 2, minute: 30 }, PARIS))).to.equal('2025-10-26T00:30:00.000Z');
    });
  });

  it('keeps a weekly 10:00 meeting at 10:00 across both daylight-saving changes', () => {
    const spring = schedule('2025-03-24T10:00', { recurrence: 'weekly', weekdays: [0] });
    expect(upcomingOccurrences(spring, PARIS, spring.startAt, 2).map((o) => iso(o.start))).to.deep.equal(['2025-03-24T09:00:00.000Z', '2025-03-31T08:00:00.000Z']);
    const autumn = schedule('2025-10-20T10:00', { recurrence: 'weekly', weekdays: [0] });
    expect(upcomingOccurrences(autumn, PARIS, autumn.startAt, 2).map((o) => iso(o.start))).to.deep.equal(['2025-10-20T08:00:00.000Z', '2025-10-27T09:00:00.000Z']);
  });

  it('puts a daily 02:30 meeting at 03:30 on the night clocks skip it, and on the first 02:30 when they go back', () => {
    const spring = schedule('2025-03-29T02:30', { recurrence: 'daily' });
    expect(upcomingOccurrences(spring, PARIS, spring.startAt, 3).map((o) => iso(o.start))).to.deep.equal(['2025-03-29T01:30:00.000Z', '2025-03-30T01:30:00.000Z', '2025-03-31T00:30:00.000Z']);
    const autumn = schedule('2025-10-25T02:30', { recurrence: 'daily' });
    expect(upcomingOccurrences(autumn, PARIS, autumn.startAt, 3).map((o) => iso(o.start))).to.deep.equal(['2025-10-25T00:30:00.000Z', '2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z']);
  });

  it('repeats daily every N days, and stops after the until date (inclusive)', () => {
    const s = schedule('2025-01-30T09:00', { recurrence: 'daily', frequency: 3, recurringUntil: '2025-02-11' });
    expect(days(s, 10)).to.deep.equal(['2025-01-30', '2025-02-02', '2025-02-05', '2025-02-08', '2025-02-11']);
    expect(iso(lastOccurrence(s, PARIS)?.start)).to.equal('2025-02-11T08:00:00.000Z');
  });

  it('walks weekly meetings as Esup-Pod does: later chosen days of the week, then the week N weeks on', () => {
    const s = schedule('2025-01-06T14:00', { recurrence: 'weekly', frequency: 2, weekdays: [0, 3] });
    expect(days(s, 6)).to.deep.equal(['2025-01-06', '2025-01-09', '2025-01-20', '2025-01-23', '2025-02-03', '2025-02-06']);
    const fromThursday = schedule('2025-01-09T14:00', { recurrence: 'weekly', weekdays: [1, 3], occurrences: 4 });
    expect(days(fromThursday, 10)).to.deep.equal(['2025-01-09', '2025-01-14', '2025-01-16', '2025-01-21']);
  });

  it('repeats monthly by date like Pod (relativedelta from the previous session): Jan 31 → Feb 28 → Mar 28', () => {
    expect(days(schedule('2025-01-31T10:00', { recurrence: 'monthly' }), 4)).to.deep.equal(['2025-01-31', '2025-02-28', '2025-03-28', '2025-04-28']);
    expect(days(schedule('2024-01-31T10:00', { recurrence: 'monthly' }), 3)).to.deep.equal(['2024-01-31', '2024-02-29', '2024-03-29']);
    expect(days(schedule('2025-01-15T10:00', { recurrence: 'monthly', frequency: 5 }), 4)).to.deep.equal(['2025-01-15', '2025-06-15', '2025-11-15', '2026-04-15']);
  });

  it('repeats monthly by weekday: the same n-th weekday, a missing 5th one being the month’s last', () => {
    expect(days(schedule('2025-01-17T10:00', { recurrence: 'monthly', monthlyType: 'nth_day' }), 4)).to.deep.equal(['2025-01-17', '2025-02-21', '2025-03-21', '2025-04-18']);
    expect(days(schedule('2025-01-31T10:00', { recurrence: 'monthly', monthlyType: 'nth_day' }), 5)).to.deep.equal(['2025-01-31', '2025-02-28', '2025-03-28', '2025-04-25', '2025-05-30']);
    expect(formatCalendarDay(nthWeekdayOfMonth(2022, 7, 3, 4))).to.equal('2022-07-15');
    expect(formatCalendarDay(nthWeekdayOfMonth(2025, 6, 1, 6))).to.equal('2025-06-01');
  });

  it('repeats yearly, Feb 29 becoming Feb 28 as relativedelta does', () => {
    expect(days(schedule('2024-02-29T10:00', { recurrence: 'yearly' }), 4)).to.deep.equal(['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28']);
    expect(days(schedule('2025-09-01T10:00', { recurrence: 'yearly', frequency: 2, occurrences: 3 }), 10)).to.deep.equal(['2025-09-01', '2027-09-01', '2029-09-01']);
  });

  it('finds the session under way or next, and none once the series is over', () => {
    const once = schedule('2025-05-12T10:00');
    expect(iso(nextOccurrence(once, PARIS, new Date('2025-05-01T00:00:00Z'))?.start)).to.equal('2025-05-12T08:00:00.000Z');
    expect(iso(nextOccurrence(once, PARIS, new Date('2025-05-12T08:59:00Z'))?.start)).to.equal('2025-05-12T08:00:00.000Z');
    expect(nextOccurrence(once, PARIS, new Date('2025-05-12T09:00:00Z'))).to.equal(null);
    expect(iso(lastOccurrence(once, PARIS)?.end)).to.equal('2025-05-12T09:00:00.000Z');

    const weekly = schedule('2025-05-12T10:00', { recurrence: 'weekly', weekdays: [0], occurrences: 3 });
    expect(upcomingOccurrences(weekly, PARIS, new Date('2025-05-13T00:00:00Z'), 5).map((o) => iso(o.start))).to.deep.equal(['2025-05-19T08:00:00.000Z', '2025-05-26T08:00:00.000Z']);
    expect(nextOccurrence(weekly, PARIS, new Date('2025-05-26T09:00:00Z'))).to.equal(null);
    expect(iso(lastOccurrence(weekly, PARIS)?.start)).to.equal('2025-05-26T08:00:00.000Z');
  });

  it('never ends without an end date or count, and still finds the next session years later', () => {
    const forever = schedule('2020-01-06T08:30', { recurrence: 'daily' });
    expect(lastOccurrence(forever, PARIS)).to.equal(null);
    expect(iso(nextOccurrence(forever, PARIS, new Date('2030-06-15T12:00:00Z'))?.start)).to.equal('2030-06-16T06:30:00.000Z');
  });
});
