/**
 * An LMS registered as an LTI 1.3 platform: where Lectern sends logins and asks for tokens,
 * where it reads the platform's keys, which deployments of the tool it accepts (none listed:
 * any), and whether launches are accepted (dynamic registrations wait, pending, for an
 * administrator's approval).
 */
export const LTI_PLATFORM_STATUSES = ['pending', 'active', 'inactive'] as const;
export type LtiPlatformStatus = (typeof LTI_PLATFORM_STATUSES)[number];

export interface LtiPlatformSettings {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly authenticationEndpoint: string;
  readonly accessTokenEndpoint: string;
  readonly jwksUrl: string;
  readonly deploymentIds: readonly string[];
}

export interface LtiPlatform extends LtiPlatformSettings {
  readonly id: number;
  readonly siteId: number;
  readonly status: LtiPlatformStatus;
  readonly origin: 'manual' | 'dynamic';
  /** tool_platform.product_family_code when known (moodle, canvas, sakai, chamilo…). */
  readonly product: string | null;
  /** The kid of the tool key pair ltijs holds for this platform; null: a new pair is due. */
  readonly toolKid: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Whether a launch from this deployment of the platform is accepted. */
export function acceptsDeployment(platform: Pick<LtiPlatform, 'status' | 'deploymentIds'>, deploymentId: string): boolean {
  return platform.status === 'active' && (platform.deploymentIds.length === 0 || platform.deploymentIds.includes(deploymentId));
}

/** Port: the platforms. */
export interface LtiPlatformRepository {
  /** Null when the (issuer, client id) pair is already registered. */
  insert(siteId: number, settings: LtiPlatformSettings, extra: { status: LtiPlatformStatus; origin: 'manual' | 'dynamic'; product: string | null }): Promise<LtiPlatform | null>;
  update(id: number, settings: LtiPlatformSettings): Promise<LtiPlatform | null>;
  setStatus(id: number, status: LtiPlatformStatus): Promise<LtiPlatform | null>;
  remove(id: number): Promise<boolean>;
  findById(id: number): Promise<LtiPlatform | null>;
  findByIssuer(issuer: string, clientId: string): Promise<LtiPlatform | null>;
  /** The platforms registered with this issuer (any client id). */
  listByIssuer(issuer: string): Promise<LtiPlatform[]>;
  list(siteId: number): Promise<LtiPlatform[]>;
  /** Every platform of every site (the LTI adapter's housekeeping). */
  listAll(): Promise<LtiPlatform[]>;
  /** Records the key pair in use; does not count as an edit. */
  setToolKid(id: number, kid: string): Promise<void>;
  /** Asks for a new key pair at next use (key rotation). */
  forgetToolKey(id: number): Promise<LtiPlatform | null>;
}

