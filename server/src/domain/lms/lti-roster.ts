import { UnavailableError } from '../errors.js';

/**
 * A course's members as the platform lists them (LTI Names and Role Provisioning Services 2.0),
 * in our words. `userId` is the platform's user id: the `sub` of that person's launches.
 */
export interface RosterMember {
  readonly userId: string;
  readonly name: string | null;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly email: string | null;
  readonly roles: readonly string[];
  readonly status: 'Active' | 'Inactive' | 'Deleted';
}

export interface Roster {
  readonly members: readonly RosterMember[];
  /** The platform had more than Lectern reads (pages or members over the bounds). */
  readonly truncated: boolean;
}

export interface RosterRequest {
  readonly issuer: string;
  readonly clientId: string;
  /** The context memberships URL of the link's launch (NRPS claim). */
  readonly membershipsUrl: string;
  /** Only members with this context role (e.g. `Learner`, or its URI). */
  readonly role?: string;
}

/** Port: the platform's memberships service (implemented by the LTI adapter). */
export interface RosterSource {
  fetch(request: RosterRequest): Promise<Roster>;
}

/**
 * Why a roster could not be had. Stable codes:
 * - `lti_roster_unavailable`: the platform offers no memberships service for the link, or
 *   refuses Lectern (token refused, 401/403/404/406);
 * - `lti_roster_failed`: the platform failed (5xx), could not be reached, or was too slow;
 * - `lti_roster_invalid`: the platform answered something that is not a membership container.
 */
export type RosterErrorCode = 'lti_roster_unavailable' | 'lti_roster_failed' | 'lti_roster_invalid';

export class RosterError extends UnavailableError {
  constructor(
    code: RosterErrorCode,
    message: string,
    /** The platform's HTTP status, when it answered. */
    readonly status: number | null = null,
  ) {
    super(code, message);
  }

  get rosterCode(): RosterErrorCode {
    return this.code as RosterErrorCode;
  }
}
