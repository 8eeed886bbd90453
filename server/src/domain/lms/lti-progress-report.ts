import type { RosterMember } from './lti-roster.js';
import { teachesInContext } from './lti-roles.js';

/** What Lectern knows of one person's viewing through one link (an `lti_progress` row and its user). */
export interface ViewingRecord {
  readonly userId: number;
  /** The LTI `sub` of that person's launches: the roster's `user_id`. */
  readonly subject: string;
  /** Lectern's name for the person (first and last name, else username). */
  readonly name: string;
  readonly email: string | null;
  readonly watched: number;
  readonly posted: number | null;
  readonly postedAt: Date | null;
  readonly scoreError: string | null;
  readonly updatedAt: Date;
}

/** The grade: sent to the platform, refused by it (see `scoreError`), or not sent (yet). */
export type ScoreState = 'sent' | 'failed' | 'not_sent';

export interface ProgressLine {
  readonly subject: string;
  readonly name: string;
  readonly email: string | null;
  readonly role: 'learner' | 'teacher';
  /** The roster's status; null for people no longer in the roster. */
  readonly status: RosterMember['status'] | null;
  /** Opened the video through this link at least once. */
  readonly started: boolean;
  /** Share of the video watched, 0..1. */
  readonly watched: number;
  readonly completed: boolean;
  readonly lastActivity: Date | null;
  readonly score: ScoreState;
  readonly scoreError: string | null;
}

export interface ProgressReport {
  /** The roster's members, learners first, then by name. */
  readonly members: readonly ProgressLine[];
  /** People who watched through the link but are no longer in the roster. */
  readonly departed: readonly ProgressLine[];
  readonly summary: { readonly learners: number; readonly started: number; readonly completed: number };
}

// lti_progress.watched and the threshold are PostgreSQL reals: compare with a float4's slack.
const SLACK = 1e-6;

function memberName(member: RosterMember, record: ViewingRecord | undefined): string {
  const parts = [member.givenName, member.familyName].filter((part): part is string => !!part && part.trim() !== '');
  return member.name?.trim() || parts.join(' ') || record?.name || member.userId;
}

function viewing(record: ViewingRecord | undefined, threshold: number) {
  if (!record) return { started: false, watched: 0, completed: false, lastActivity: null, score: 'not_sent' as const, scoreError: null };
  const score: ScoreState = record.scoreError !== null ? 'failed' : record.posted !== null ? 'sent' : 'not_sent';
  return {
    started: true,
    watched: record.watched,
    completed: record.watched + SLACK >= threshold,
    lastActivity: record.updatedAt,
    score,
    scoreError: record.scoreError,
  };
}

const byRoleThenName = (a: ProgressLine, b: ProgressLine): number =>
  (a.role === b.role ? 0 : a.role === 'learner' ? -1 : 1) || a.name.localeCompare(b.name) || a.subject.localeCompare(b.subject);

/**
 * The teacher's view of who watched what (pure): each roster member (deleted ones left out)
 * with their viewing through the link, "not started" when they never opened it; the people who
 * watched but are no longer members, apart; and the learners' counts.
 */
export function joinProgress(roster: readonly RosterMember[], records: readonly ViewingRecord[], completionThreshold: number): ProgressReport {
  const bySubject = new Map(records.map((record) => [record.subject, record]));
  const present = roster.filter((member) => member.status !== 'Deleted');
  const listed = new Set(present.map((member) => member.userId));
  const members = present
    .map((member): ProgressLine => {
      const record = bySubject.get(member.userId);
      return {
        subject: member.userId,
        name: memberName(member, record),
        email: member.email ?? record?.email ?? null,
        role: teachesInContext(member.roles) ? 'teacher' : 'learner',
        status: member.status,
        ...viewing(record, completionThreshold),
      };
    })
    .sort(byRoleThenName);
  const departed = records
    .filter((record) => !listed.has(record.subject))
    .map((record): ProgressLine => ({ subject: record.subject, name: record.name, email: record.email, role: 'learner', status: null, ...viewing(record, completionThreshold) }))
    .sort(byRoleThenName);
  const learners = members.filter((line) => line.role === 'learner');
  return {
    members,
    departed,
    summary: { learners: learners.length, started: learners.filter((line) => line.started).length, completed: learners.filter((line) => line.completed).length },
  };
}
