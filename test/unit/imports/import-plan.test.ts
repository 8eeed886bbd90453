import { expect } from 'chai';
import { USER_COLUMNS, VIDEO_COLUMNS } from '../../../server/src/domain/imports/import-columns.js';
import { planBlocked, planRows, readImportRows, unreadablePlan, type ImportPlan } from '../../../server/src/domain/imports/import-plan.js';
import { IMPORT_PROBLEM_CODES, type ImportProblem } from '../../../server/src/domain/imports/import-problem.js';
import { userImportRules } from '../../../server/src/domain/imports/user-import-rules.js';
import { derivedImportKey, videoImportRules, type VideoCandidate, type VideoCatalogue } from '../../../server/src/domain/imports/video-import-rules.js';
import { en } from '../../../server/src/http/i18n/messages.en.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function planUsers(text: string, existing: string[] = [], defaultRole: 'student' | 'staff' = 'student'): ImportPlan<{ username: string; role: string }> {
  const reading = readImportRows(bytes(text), USER_COLUMNS);
  if (!reading.ok) return unreadablePlan(reading.problems);
  return planRows(reading, userImportRules(defaultRole, new Set(existing)));
}

const HASH = `scrypt$32768$8$1$${Buffer.alloc(16, 1).toString('base64')}$${Buffer.alloc(32, 2).toString('base64')}`;

const catalogue: VideoCatalogue = {
  users: new Map([
    ['prof', { id: 10, username: 'prof', role: 'staff' }],
    ['assistant', { id: 11, username: 'assistant', role: 'staff' }],
    ['student1', { id: 12, username: 'student1', role: 'student' }],
  ]),
  types: [
    { id: 1, siteId: 1, title: 'Other', description: '' },
    { id: 2, siteId: 1, title: 'Cours', description: '' },
  ],
  defaultTypeId: 1,
  groups: new Map([['l1-info', 5]]),
  disciplines: [{ id: 7, siteId: 1, title: 'Physique', description: '' }],
  files: new Map<string, never>([
    ['a.mp4', { kind: 'ok', absolutePath: '/import/a.mp4', filename: 'a.mp4' }],
    ['./a.mp4', { kind: 'ok', absolutePath: '/import/a.mp4', filename: 'a.mp4' }],
    ['b.mp4', { kind: 'ok', absolutePath: '/import/b.mp4', filename: 'b.mp4' }],
    ['gone.mp4', { kind: 'missing' }],
    ['../etc/passwd', { kind: 'outside' }],
    ['folder', { kind: 'not_a_file' }],
    ['notes.mp4', { kind: 'not_media', reason: 'This file is not a video or audio file.' }],
  ] as never),
  existingKeys: new Set(['already-there']),
};

function planVideos(text: string): ImportPlan<VideoCandidate> {
  const reading = readImportRows(bytes(text), VIDEO_COLUMNS);
  if (!reading.ok) return unreadablePlan(reading.problems);
  return planRows(reading, videoImportRules(catalogue));
}

/** Problems as [line, column, column name, code], to compare whole lists. */
const where = (problems: readonly ImportProblem[]) => problems.map((p) => [p.line, p.column, p.columnName, p.code]);

describe('import planning (pure)', () => {
  it('plans users: creates, unchanged (existing usernames, any case), the role default and column', () => {
    const plan = planUsers('#username,first name,last name,email,role\njdupont,Jean,Dupont,jean@univ.fr,\nMMartin,Marie,Martin,,staff\nadmin2,,,,ADMIN\n', ['mmartin'], 'student');
    expect(plan.problems).to.deep.equal([]);
    expect(plan.total).to.equal(3);
    expect(plan.unchanged).to.equal(1);
    expect(plan.creates.map((row) => [row.line, row.item.username, row.item.role])).to.deep.equal([
      [2, 'jdupont', 'student'],
      [4, 'admin2', 'admin'],
    ]);
    expect(planUsers('jdupont,Jean,Dupont,jean@univ.fr\n', [], 'staff').creates[0]!.item).to.deep.equal({
      username: 'jdupont', firstName: 'Jean', lastName: 'Dupont', email: 'jean@univ.fr', affiliation: 'member', role: 'staff',
    });
  });

  it('reports each user problem with its line and column', () => {
    const plan = planUsers('#username;first name;last name;email;role\nbad name!;A;B;a@b.fr;\nok1;A;B;not-an-email;\nok2;A;B;;boss\nOK1;A;B;;\n;A;B;;\nok3;' + 'x'.repeat(151) + ';B;;\nok4;A\n');
    expect(where(plan.problems)).to.deep.equal([
      [2, 1, 'username', 'invalid_username'],
      [3, 4, 'email', 'invalid_email'],
      [4, 5, 'role', 'invalid_role'],
      [5, 1, 'username', 'duplicate_username'],
      [6, 1, 'username', 'required'],
      [7, 2, 'first name', 'too_long'],
      [8, null, null, 'wrong_column_count'],
    ]);
    expect(plan.problems[3]!.params).to.deep.equal({ value: 'OK1', first: 3 });
    expect(plan.problems[6]!.params).to.deep.equal({ found: 2, expected: 5 });
    expect(plan.invalidRows).to.equal(7);
    expect(plan.creates).to.deep.equal([]);
    expect(planBlocked(plan, false)).to.equal(true);
    expect(planBlocked(plan, true)).to.equal(false);
  });

  it('refuses unknown, duplicate and missing header columns, naming the known ones', () => {
    const plan = planUsers('#username;nickname;email;Email\njdupont;JD;a@b.fr;c@d.fr\n');
    expect(where(plan.problems)).to.deep.equal([
      [1, 2, 'nickname', 'unknown_column'],
      [1, 4, 'Email', 'duplicate_column'],
    ]);
    expect(plan.problems[0]!.message).to.equal('Unknown column "nickname". Known columns: username, first name, last name, email, role, affiliation.');
    expect(plan.fileProblem).to.equal(true);
    expect(planBlocked(plan, true), 'a file problem blocks even when skipping rows').to.equal(true);
    expect(where(planUsers('#first name;email\nJean;a@b.fr\n').problems)).to.deep.equal([[1, null, null, 'missing_column']]);
    expect(where(planUsers('\n\n').problems)).to.deep.equal([[1, null, null, 'empty_file']]);
    // Informational export columns are accepted and ignored; names match whatever the spelling.
    expect(planUsers('#Username;First_Name;id;created_at\njdupont;Jean;12;2024-01-01\n').creates[0]!.item).to.include({ username: 'jdupont', firstName: 'Jean' });
  });

  it('plans videos with every field resolved', () => {
    const header = '#username;type;title;description;allow downloading;draft;file path;tags;date_evt;main_lang;licence;restricted;password_hash;additional_owners;access_groups;disciplines;external_id;slug;hls_url';
    const plan = planVideos(`${header}\nPROF;cours;Optique;<p>Lentilles</p><script>x</script>;True;False;a.mp4;optique, lentilles, optique;2024-03-15;EN;BY-SA;oui;${HASH};assistant, prof;L1-INFO;physique;pod-42;0042-x;http://x\n`);
    expect(plan.problems).to.deep.equal([]);
    const item = plan.creates[0]!.item;
    expect(item.importKey).to.equal('pod-42');
    expect(item.owner).to.deep.equal({ id: 10, username: 'prof', role: 'staff' });
    expect(item.file).to.deep.equal({ absolutePath: '/import/a.mp4', filename: 'a.mp4', written: 'a.mp4', at: { column: 7, name: 'file path' } });
    expect(item.password).to.deep.equal({ hash: HASH });
    expect(item.row).to.deep.equal({
      title: 'Optique',
      description: '<p>Lentilles</p>',
      tags: ['optique', 'lentilles'],
      dateEvt: '2024-03-15',
      allowDownloading: true,
      isDraft: false,
      isRestricted: true,
      mainLang: 'en',
      licence: 'by-sa',
      typeId: 2,
      disciplineIds: [7],
      additionalOwnerIds: [11],
      accessGroupIds: [5],
    });
  });

  it('uses the positional columns without a header, with defaults, and derives the import key from owner and file', () => {
    const plan = planVideos('prof,,Sans en-tête,,,,b.mp4\n');
    expect(plan.problems).to.deep.equal([]);
    const item = plan.creates[0]!.item;
    expect(item.importKey).to.equal(derivedImportKey('prof', 'b.mp4'));
    expect(derivedImportKey('Prof', './sub//b.mp4')).to.equal('file:prof:sub/b.mp4');
    expect(item.row).to.include({ typeId: 1, isDraft: true, allowDownloading: false, isRestricted: false, licence: null, dateEvt: null });
    expect(item.password).to.equal(null);
  });

  it('reports each video problem with its line and column', () => {
    const header = '#username;type;title;description;allow downloading;draft;file path;date_evt;main_lang;licence;password;password_hash;additional_owners;access_groups;disciplines;external_id';
    const lines = [
      'ghost;;T;;;;a.mp4;;;;;;;;;k1',
      'student1;;T;;;;a.mp4;;;;;;;;;k2',
      'prof;Nope;;;maybe;;gone.mp4;2024-02-30;fra;cc0;;;;;;k3',
      'prof;;T;;;;../etc/passwd;;;;secret;' + HASH + ';nobody;NOGROUP;Chimie;k4',
      'prof;;T;;;;folder;;;;;not-a-hash;;;;k5',
      'prof;;T;;;;notes.mp4;;;;;;;;;k6',
      'prof;;T;;;;b.mp4;;;;;;;;;k1',
      'prof;;T;;;;b.mp4;;;;;;;;;already-there',
    ];
    const plan = planVideos([header, ...lines].join('\n'));
    expect(where(plan.problems)).to.deep.equal([
      [2, 1, 'username', 'unknown_user'],
      [3, 1, 'username', 'owner_cannot_own'],
      [4, 2, 'type', 'unknown_type'],
      [4, 3, 'title', 'required'],
      [4, 5, 'allow downloading', 'invalid_boolean'],
      [4, 7, 'file path', 'file_missing'],
      [4, 8, 'date_evt', 'invalid_date'],
      [4, 9, 'main_lang', 'invalid_language'],
      [4, 10, 'licence', 'unknown_licence'],
      [5, 7, 'file path', 'file_outside'],
      [5, 11, 'password', 'password_conflict'],
      [5, 13, 'additional_owners', 'unknown_user'],
      [5, 14, 'access_groups', 'unknown_group'],
      [5, 15, 'disciplines', 'unknown_discipline'],
      [6, 7, 'file path', 'not_a_file'],
      [6, 12, 'password_hash', 'invalid_password_hash'],
      [7, 7, 'file path', 'not_media'],
      [8, 16, 'external_id', 'duplicate_video'],
    ]);
    expect(plan.problems.find((p) => p.code === 'owner_cannot_own')!.message).to.contain('role staff');
    expect(plan.problems.find((p) => p.code === 'duplicate_video')!.params).to.deep.equal({ value: 'k1', first: 2 });
    expect(plan.unchanged, 'a key the site has').to.equal(1);
    expect(plan.invalidRows).to.equal(7);
  });

  it('reports a duplicate video without external_id on its file path column', () => {
    const plan = planVideos('prof,,T,,,,a.mp4\nprof,,T again,,,,./a.mp4\nassistant,,T,,,,a.mp4\n');
    expect(where(plan.problems)).to.deep.equal([[2, 7, 'file path', 'duplicate_video']]);
    expect(plan.creates.map((row) => row.line)).to.deep.equal([1, 3]);
  });

  it('has a French and an English text for every problem code', () => {
    for (const code of IMPORT_PROBLEM_CODES) expect(Object.hasOwn(en, `imports.problem.${code}`), code).to.equal(true);
  });
});
