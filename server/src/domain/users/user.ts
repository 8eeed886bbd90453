import { ForbiddenError } from '../errors.js';

export const USER_ROLES = ['admin', 'staff', 'student'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const AUTH_TYPES = ['local', 'cas', 'saml', 'lti'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export const USERNAME_PATTERN = /^[\p{L}\p{N}_.@+-]{1,150}$/u;

export interface User {
  readonly id: number;
  readonly siteId: number;
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly affiliation: string;
  readonly role: UserRole;
  readonly authType: AuthType;
  readonly quotaBytes: number | null;
  readonly isActive: boolean;
  readonly lastLoginAt: Date | null;
  readonly createdAt: Date;
}

export interface NewUser {
  readonly siteId?: number;
  readonly username: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly affiliation?: string;
  readonly role?: UserRole;
  readonly authType?: AuthType;
  readonly password?: string | null;
}

/** Staff and admins may own videos and upload; students watch. */
export function canUpload(user: Pick<User, 'role'>): boolean {
  return user.role === 'admin' || user.role === 'staff';
}

export function displayName(user: Pick<User, 'firstName' | 'lastName' | 'username'>): string {
  const full = `${user.firstName} ${user.lastName}`.trim();
  return full || user.username;
}

/** Refuses anyone but an administrator: 403 admin_only, the message saying what was refused. */
export function requireAdminRole(actor: Pick<User, 'role'>, message: string): void {
  if (actor.role !== 'admin') throw new ForbiddenError('admin_only', message);
}
