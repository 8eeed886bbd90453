import { USER_ROLES, USERNAME_PATTERN, type User, type UserRole } from '../users/user.js';
import type { ImportRow } from './import-columns.js';
import type { RowRules } from './import-plan.js';
import { importProblem, type ImportProblem } from './import-problem.js';
import { RowReader } from './row-reader.js';

/** A user the file asks for, checked (Esup-Pod's user import: username, names, e-mail, role). */
export type UserCandidate = Pick<User, 'username' | 'firstName' | 'lastName' | 'email' | 'affiliation' | 'role'>;

const NAME_MAX = 150;
const EMAIL_MAX = 254;
const AFFILIATION_MAX = 50;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DEFAULT_AFFILIATION = 'member';

export function parseUserRow(row: ImportRow, defaultRole: UserRole): { item: UserCandidate | null; problems: readonly ImportProblem[] } {
  const reader = new RowReader(row);
  const username = reader.text('username');
  if (username === '') reader.report('username', 'required');
  else if (!USERNAME_PATTERN.test(username)) reader.report('username', 'invalid_username', { value: username });
  const firstName = reader.string('first name', { max: NAME_MAX });
  const lastName = reader.string('last name', { max: NAME_MAX });
  const email = reader.text('email');
  if (email !== '' && (email.length > EMAIL_MAX || !EMAIL_PATTERN.test(email))) reader.report('email', 'invalid_email', { value: email });
  const roleText = reader.text('role').toLowerCase();
  const role = roleText === '' ? defaultRole : (USER_ROLES as readonly string[]).includes(roleText) ? (roleText as UserRole) : null;
  if (role === null) reader.report('role', 'invalid_role', { value: reader.text('role') });
  const affiliation = reader.string('affiliation', { max: AFFILIATION_MAX }) || DEFAULT_AFFILIATION;
  if (reader.problems.length || role === null) return { item: null, problems: reader.problems };
  return { item: { username, firstName, lastName, email, affiliation, role }, problems: [] };
}

/**
 * Users are the same when their usernames match whatever the case. One already on the site is
 * left as it is ("unchanged"): an import never edits accounts.
 */
export function userImportRules(defaultRole: UserRole, existing: ReadonlySet<string>): RowRules<UserCandidate> {
  return {
    parse: (row) => parseUserRow(row, defaultRole),
    keyOf: (row) => row.cells.get('username')?.value.toLowerCase() || null,
    duplicate: (row, _key, first) => importProblem(row.line, row.cells.get('username')!, 'duplicate_username', { value: row.cells.get('username')!.value, first }),
    exists: (user) => existing.has(user.username.toLowerCase()),
  };
}
