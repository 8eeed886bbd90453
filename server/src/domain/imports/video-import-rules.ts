import { createHash } from 'node:crypto';
import path from 'node:path';
import { sanitizeDescription } from '../html/html-sanitizer.js';
import { canUpload, type User } from '../users/user.js';
import type { Discipline, VideoType } from '../videos/reference-data-repository.js';
import type { NewVideoRow } from '../videos/video-repository.js';
import { DESCRIPTION_MAX_LENGTH, LICENCES, normaliseTags, TAG_MAX_LENGTH, TAGS_MAX_COUNT, TITLE_MAX_LENGTH, type Licence } from '../videos/video.js';
import type { ImportFileVerdict } from './import-folder.js';
import type { ImportRow } from './import-columns.js';
import type { RowRules } from './import-plan.js';
import { importProblem, type CellPosition, type ImportProblem } from './import-problem.js';
import { codePoints, RowReader, splitList } from './row-reader.js';

/** What the rows refer to, looked up in bulk before planning. */
export interface VideoCatalogue {
  /** Users named as owners or co-owners, by lower-case username. */
  readonly users: ReadonlyMap<string, Pick<User, 'id' | 'username' | 'role'>>;
  readonly types: readonly VideoType[];
  readonly defaultTypeId: number;
  /** Access group ids by lower-case code name. */
  readonly groups: ReadonlyMap<string, number>;
  readonly disciplines: readonly Discipline[];
  /** Each file path as written in the file, checked. */
  readonly files: ReadonlyMap<string, ImportFileVerdict>;
  /** Import keys already used on the site. */
  readonly existingKeys: ReadonlySet<string>;
}

/** A video to create: its row (without site), its source file and the key that makes re-runs idempotent. */
export interface VideoCandidate {
  readonly importKey: string;
  readonly owner: Pick<User, 'id' | 'username'>;
  /** The source file: where it is, its name, and where the CSV names it (for problems found while importing). */
  readonly file: { readonly absolutePath: string; readonly filename: string; readonly written: string; readonly at: CellPosition };
  readonly row: Omit<NewVideoRow, 'siteId' | 'ownerId' | 'importKey' | 'passwordHash'>;
  /** A viewing password to hash when the video is created, or an exported hash kept as it is. */
  readonly password: { readonly plain: string } | { readonly hash: string } | null;
}

const IMPORT_KEY_MAX = 300;
const PASSWORD_MAX = 128;
const PASSWORD_HASH = /^scrypt\$[1-9]\d{0,9}\$[1-9]\d{0,3}\$[1-9]\d{0,3}\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]{43}=$/;

/** The path as a key: forward slashes, `.` and doubled slashes folded. */
export const normaliseImportPath = (text: string): string => path.posix.normalize(text.trim().replace(/\\/g, '/')).replace(/^\.\//, '');

/** The key of a row without external_id: its owner and file, so that re-running the file finds it. */
export function derivedImportKey(owner: string, filePath: string): string {
  const key = `file:${owner.trim().toLowerCase()}:${normaliseImportPath(filePath)}`;
  return key.length <= IMPORT_KEY_MAX ? key : `file-sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** external_id when given, else derived from owner and file path; null when they are missing. */
export function importKeyOf(row: ImportRow): string | null {
  const external = row.cells.get('external_id')?.value ?? '';
  if (external !== '') return external;
  const owner = row.cells.get('username')?.value ?? '';
  const file = row.cells.get('file path')?.value ?? '';
  return owner && file ? derivedImportKey(owner, file) : null;
}

/** Title first (case-insensitive), then id: an export writes titles, people may write either. */
function findByTitleOrId<T extends { id: number; title: string }>(items: readonly T[], text: string): T | undefined {
  const lower = text.toLowerCase();
  return items.find((item) => item.title.toLowerCase() === lower) ?? (/^\d{1,9}$/.test(text) ? items.find((item) => item.id === Number(text)) : undefined);
}

function readOwner(reader: RowReader, catalogue: VideoCatalogue): Pick<User, 'id' | 'username'> | null {
  const name = reader.text('username');
  const user = catalogue.users.get(name.toLowerCase());
  if (name === '') reader.report('username', 'required');
  else if (!user) reader.report('username', 'unknown_user', { value: name });
  else if (!canUpload(user)) reader.report('username', 'owner_cannot_own', { value: user.username });
  else return user;
  return null;
}

function readFile(reader: RowReader, catalogue: VideoCatalogue): VideoCandidate['file'] | null {
  const written = reader.text('file path');
  const verdict = catalogue.files.get(written);
  const at = reader.cell('file path');
  if (verdict?.kind === 'ok' && at) return { absolutePath: verdict.absolutePath, filename: verdict.filename, written, at: { column: at.column, name: at.name } };
  if (written === '') reader.report('file path', 'required');
  else if (verdict?.kind === 'not_media') reader.report('file path', 'not_media', { value: written, reason: verdict.reason });
  else if (verdict?.kind === 'outside') reader.report('file path', 'file_outside', { value: written });
  else if (verdict?.kind === 'not_a_file') reader.report('file path', 'not_a_file', { value: written });
  else reader.report('file path', 'file_missing', { value: written });
  return null;
}

/** Type, disciplines, co-owners and access groups, each resolved against the site's. */
function readReferences(reader: RowReader, catalogue: VideoCatalogue, ownerId: number | null) {
  const typeText = reader.text('type');
  const type = typeText === '' ? { id: catalogue.defaultTypeId } : findByTitleOrId(catalogue.types, typeText);
  if (!type) reader.report('type', 'unknown_type', { value: typeText });
  const disciplineNames = splitList(reader.text('disciplines'));
  const disciplines = disciplineNames.map((name) => findByTitleOrId(catalogue.disciplines, name));
  const unknownDisciplines = disciplineNames.filter((_name, index) => !disciplines[index]);
  if (unknownDisciplines.length) reader.report('disciplines', 'unknown_discipline', { value: unknownDisciplines.join(', ') });
  const coOwnerNames = splitList(reader.text('additional_owners'));
  const unknownUsers = coOwnerNames.filter((name) => !catalogue.users.has(name.toLowerCase()));
  if (unknownUsers.length) reader.report('additional_owners', 'unknown_user', { value: unknownUsers.join(', ') });
  const groupCodes = splitList(reader.text('access_groups'));
  const unknownGroups = groupCodes.filter((code) => !catalogue.groups.has(code.toLowerCase()));
  if (unknownGroups.length) reader.report('access_groups', 'unknown_group', { value: unknownGroups.join(', ') });
  const coOwnerIds = coOwnerNames.map((name) => catalogue.users.get(name.toLowerCase())?.id).filter((id): id is number => id !== undefined && id !== ownerId);
  return {
    typeId: type?.id ?? catalogue.defaultTypeId,
    disciplineIds: [...new Set(disciplines.filter((d) => d !== undefined).map((d) => d.id))],
    additionalOwnerIds: [...new Set(coOwnerIds)],
    accessGroupIds: [...new Set(groupCodes.map((code) => catalogue.groups.get(code.toLowerCase())).filter((id) => id !== undefined))],
  };
}

function readTags(reader: RowReader): string[] {
  const tags = normaliseTags(splitList(reader.text('tags')));
  if (tags.some((tag) => codePoints(tag) > TAG_MAX_LENGTH)) reader.report('tags', 'too_long', { max: TAG_MAX_LENGTH });
  else if (tags.length > TAGS_MAX_COUNT) reader.report('tags', 'too_many_tags', { max: TAGS_MAX_COUNT });
  return tags;
}

/** Language, licence and viewing password. */
function readSettings(reader: RowReader) {
  const lang = reader.text('main_lang').toLowerCase();
  if (lang !== '' && !/^[a-z]{2}$/.test(lang)) reader.report('main_lang', 'invalid_language', { value: reader.text('main_lang') });
  const licenceText = reader.text('licence').toLowerCase();
  const licence = licenceText === '' ? null : (LICENCES as readonly string[]).includes(licenceText) ? (licenceText as Licence) : null;
  if (licenceText !== '' && licence === null) reader.report('licence', 'unknown_licence', { value: reader.text('licence') });
  const plain = reader.string('password', { max: PASSWORD_MAX });
  const hash = reader.text('password_hash');
  if (hash !== '' && !PASSWORD_HASH.test(hash)) reader.report('password_hash', 'invalid_password_hash');
  if (plain !== '' && hash !== '') reader.report('password', 'password_conflict');
  const password = hash !== '' ? { hash } : plain !== '' ? { plain } : null;
  return { mainLang: lang === '' ? undefined : lang, licence, password };
}

export function parseVideoRow(row: ImportRow, catalogue: VideoCatalogue): { item: VideoCandidate | null; problems: readonly ImportProblem[] } {
  const reader = new RowReader(row);
  const owner = readOwner(reader, catalogue);
  const references = readReferences(reader, catalogue, owner?.id ?? null);
  const title = reader.string('title', { required: true, max: TITLE_MAX_LENGTH });
  const description = reader.string('description', { max: DESCRIPTION_MAX_LENGTH, multiline: true });
  const flags = { allowDownloading: reader.boolean('allow downloading', false), isDraft: reader.boolean('draft', true), isRestricted: reader.boolean('restricted', false) };
  const file = readFile(reader, catalogue);
  const tags = readTags(reader);
  const dateEvt = reader.date('date_evt');
  const { password, ...settings } = readSettings(reader);
  reader.string('external_id', { max: IMPORT_KEY_MAX });
  const importKey = importKeyOf(row);
  if (reader.problems.length || !owner || !file || importKey === null) return { item: null, problems: reader.problems };
  const fields = { title, description: sanitizeDescription(description), tags, dateEvt, ...flags, ...settings, ...references };
  return { item: { importKey, owner, file, row: fields, password }, problems: [] };
}

/** Videos are the same when their import keys match; one whose key the site has is left unchanged. */
export function videoImportRules(catalogue: VideoCatalogue): RowRules<VideoCandidate> {
  const at = (row: ImportRow) => row.cells.get(row.cells.get('external_id')?.value ? 'external_id' : 'file path') ?? null;
  return {
    parse: (row) => parseVideoRow(row, catalogue),
    keyOf: importKeyOf,
    duplicate: (row, key, first) => importProblem(row.line, at(row), 'duplicate_video', { value: key, first }),
    exists: (video) => catalogue.existingKeys.has(video.importKey),
  };
}

/** Usernames, file paths and keys the rows name: what the service looks up before planning. */
export function videoReferences(rows: readonly ImportRow[]): { usernames: string[]; filePaths: string[]; keys: string[] } {
  const usernames = new Set<string>();
  const filePaths = new Set<string>();
  const keys = new Set<string>();
  for (const row of rows) {
    const owner = row.cells.get('username')?.value;
    if (owner) usernames.add(owner.toLowerCase());
    for (const name of splitList(row.cells.get('additional_owners')?.value ?? '')) usernames.add(name.toLowerCase());
    const file = row.cells.get('file path')?.value;
    if (file) filePaths.add(file);
    const key = importKeyOf(row);
    if (key) keys.add(key);
  }
  return { usernames: [...usernames], filePaths: [...filePaths], keys: [...keys] };
}
