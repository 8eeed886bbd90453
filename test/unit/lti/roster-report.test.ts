import { expect } from 'chai';
import { joinProgress, type ViewingRecord } from '../../../server/src/domain/lms/lti-progress-report.js';
import type { RosterMember } from '../../../server/src/domain/lms/lti-roster.js';
import { progressCsv } from '../../../lti/roster-csv.js';
import { createRosterTokens } from '../../../lti/roster-routes.js';
import { translator } from '../../../server/src/http/i18n/i18n.js';

const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';

function member(userId: string, fields: Partial<RosterMember> = {}): RosterMember {
  return { userId, name: null, givenName: null, familyName: null, email: null, roles: [LEARNER], status: 'Active', ...fields };
}

function record(subject: string, watched: number, fields: Partial<ViewingRecord> = {}): ViewingRecord {
  return { userId: Number(subject) + 100, subject, name: `Lectern ${subject}`, email: null, watched, posted: null, postedAt: null, scoreError: null, updatedAt: new Date('2025-03-01T10:00:00Z'), ...fields };
}

describe('LTI progress report: roster joined with viewings (pure)', () => {
  it('lists every member, learners first by name, with watched share, completion and "not started"', () => {
    const roster = [
      member('3', { name: 'Terry Teacher', roles: [INSTRUCTOR] }),
      member('5', { givenName: 'Zoe', familyName: 'Zed' }),
      member('4', { name: 'Alice Able' }),
      member('6', { name: 'Bob Brown' }),
    ];
    const report = joinProgress(roster, [record('4', 0.95, { posted: 0.95 }), record('6', 0.4)], 0.9);
    expect(report.members.map((line) => [line.name, line.role, line.started, line.completed])).to.deep.equal([
      ['Alice Able', 'learner', true, true],
      ['Bob Brown', 'learner', true, false],
      ['Zoe Zed', 'learner', false, false],
      ['Terry Teacher', 'teacher', false, false],
    ]);
    expect(report.members[0]).to.include({ watched: 0.95, score: 'sent' });
    expect(report.members[2]).to.include({ watched: 0, score: 'not_sent', lastActivity: null });
    expect(report.summary).to.deep.equal({ learners: 3, started: 2, completed: 1 });
    expect(report.departed).to.deep.equal([]);
  });

  it('counts a share equal to the threshold as completed, float4 rounding included', () => {
    const report = joinProgress([member('4'), member('5')], [record('4', 0.75), record('5', Math.fround(0.9) - 1e-9)], 0.75);
    expect(report.members.map((line) => line.completed)).to.deep.equal([true, true]);
    const strict = joinProgress([member('4')], [record('4', 0.74)], 0.75);
    expect(strict.members[0]!.completed).to.equal(false);
  });

  it('lists apart the people who watched but are no longer members (deleted ones included)', () => {
    const report = joinProgress([member('4', { name: 'Alice' }), member('7', { status: 'Deleted', name: 'Gone' })], [record('4', 0.2), record('7', 0.5), record('9', 1, { name: 'Old Student' })], 0.9);
    expect(report.members.map((line) => line.subject)).to.deep.equal(['4']);
    expect(report.departed.map((line) => [line.subject, line.name, line.status, line.completed])).to.deep.equal([
      ['7', 'Lectern 7', null, false],
      ['9', 'Old Student', null, true],
    ]);
    expect(report.summary).to.deep.equal({ learners: 1, started: 1, completed: 0 });
  });

  it('reports a score the platform refused, and names members from Lectern when the platform sends no name', () => {
    const report = joinProgress([member('4'), member('8', { status: 'Inactive' })], [record('4', 0.5, { posted: 0.5, scoreError: 'HTTP 422' })], 0.9);
    const bySubject = new Map(report.members.map((line) => [line.subject, line]));
    expect(bySubject.get('4')).to.include({ name: 'Lectern 4', score: 'failed', scoreError: 'HTTP 422' });
    expect(bySubject.get('8')).to.include({ name: '8', status: 'Inactive', started: false });
  });
});

describe('LTI progress CSV (pure)', () => {
  it('has a BOM, a header row, CRLF lines, members then departed, and neutralised formulas', () => {
    const report = joinProgress([member('4', { name: '=HYPERLINK("x")', email: 'a@example.org' }), member('5', { name: 'Zoé, "Z"' })], [record('4', 0.934, { posted: 0.934 }), record('9', 0.1)], 0.9);
    const csv = progressCsv(translator('fr'), report);
    expect(csv.startsWith('\uFEFF')).to.equal(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).to.have.length(5);
    expect(lines[4]).to.equal('');
    expect(lines[0]).to.equal('Nom,Courriel,Identifiant sur la plateforme,Rôle,Inscription,Vu (%),Terminé,Dernière activité,Note envoyée à la plateforme,Erreur de note');
    expect(lines[1]).to.equal('"\'=HYPERLINK(""x"")",a@example.org,4,Étudiant,Active,93,Oui,2025-03-01T10:00:00.000Z,Envoyée,');
    expect(lines[2]).to.equal('"Zoé, ""Z""",,5,Étudiant,Active,,Non,,Non envoyée,');
    expect(lines[3]).to.equal('Lectern 9,,9,,Hors de la liste du cours,10,Non,2025-03-01T10:00:00.000Z,Non envoyée,');
  });
});

describe('LTI roster teacher tokens', () => {
  const key = Buffer.alloc(32, 7);

  it('carry the user, the link and the language, and expire after two hours', () => {
    let now = Date.parse('2025-03-01T10:00:00Z');
    const tokens = createRosterTokens(key, () => now);
    const token = tokens.issue(12, 34, 'fr');
    expect(tokens.check(token)).to.deep.equal({ ok: true, userId: 12, linkId: 34, locale: 'fr' });
    now += 3 * 3600_000;
    expect(tokens.check(token)).to.deep.equal({ ok: false, code: 'lti_roster_token_expired' });
  });

  it('refuse an altered token or one signed with another key', () => {
    const tokens = createRosterTokens(key);
    const token = tokens.issue(12, 34, 'en');
    expect(tokens.check(token.replace('.12.', '.13.'))).to.deep.equal({ ok: false, code: 'lti_roster_token_invalid' });
    expect(createRosterTokens(Buffer.alloc(32, 8)).check(token)).to.deep.equal({ ok: false, code: 'lti_roster_token_invalid' });
    expect(tokens.check('nonsense')).to.deep.equal({ ok: false, code: 'lti_roster_token_invalid' });
  });
});
