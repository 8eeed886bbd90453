import type { UserRole } from '../users/user.js';

/**
 * LTI 1.3 role URIs (LTI Core §A.2) → what Lectern makes of them. Pure.
 * Context roles: `http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor` (and the
 * short `Instructor` LTI 1.3 allows for context roles); institution roles:
 * `http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty`; system roles:
 * `http://purl.imsglobal.org/vocab/lis/v2/system/person#Administrator`.
 */
const TEACHING_CONTEXT_ROLES = ['Instructor', 'ContentDeveloper', 'Mentor', 'Administrator'];
const STAFF_INSTITUTION_ROLES = ['Faculty', 'Instructor', 'Staff', 'Administrator'];

/** The role's local name, e.g. `Instructor`, with sub-roles (`Instructor#TeachingAssistant`) kept apart. */
function localName(role: string): { kind: 'context' | 'institution' | 'system'; name: string } {
  if (role.startsWith('http://purl.imsglobal.org/vocab/lis/v2/institution/person#')) return { kind: 'institution', name: role.split('#')[1] ?? '' };
  if (role.startsWith('http://purl.imsglobal.org/vocab/lis/v2/system/person#')) return { kind: 'system', name: role.split('#')[1] ?? '' };
  if (role.startsWith('http://purl.imsglobal.org/vocab/lis/v2/membership/')) return { kind: 'context', name: `sub:${role.split('#')[1] ?? ''}` };
  return { kind: 'context', name: role.replace('http://purl.imsglobal.org/vocab/lis/v2/membership#', '') };
}

/** Whether the launching user teaches in the launching context (may pick videos, see the roster). */
export function teachesInContext(roles: readonly string[]): boolean {
  return roles.some((role) => {
    const { kind, name } = localName(role);
    return kind === 'context' && TEACHING_CONTEXT_ROLES.includes(name);
  });
}

/**
 * The Lectern role an LTI launch gives: staff for people who teach in the context or are
 * faculty or staff of the institution, otherwise student. LTI never makes an administrator
 * (a platform's word is not enough for that), and never demotes: `current` stays when higher.
 */
export function lecternRoleFromLti(roles: readonly string[], current: UserRole | null): UserRole {
  const staff = teachesInContext(roles) || roles.some((role) => {
    const { kind, name } = localName(role);
    return kind === 'institution' && STAFF_INSTITUTION_ROLES.includes(name);
  });
  if (current === 'admin') return 'admin';
  return staff || current === 'staff' ? 'staff' : 'student';
}
