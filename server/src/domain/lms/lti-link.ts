import { hmacText, sameSignature } from '../access/signed-token.js';

/**
 * An LTI resource link showing a Lectern video: an LMS activity made by Lectern's deep-linking
 * picker (or by hand). The link's custom parameters carry everything it needs, so that course
 * copies and backups keep working: `video` (the id), `video_sig` (Lectern's signature of the
 * id, given by the picker to someone who manages the video: it lets the launching course's
 * members watch it whatever its audience), `completion` (the share watched that completes the
 * activity, 0.9 by default).
 */
export interface LtiLink {
  readonly id: number;
  readonly platformId: number;
  readonly deploymentId: string;
  readonly resourceLinkId: string;
  readonly courseId: number | null;
  readonly videoId: number;
  readonly title: string;
  /** The AGS line item the platform coupled with the link (scores go there), or null. */
  readonly lineItemUrl: string | null;
  readonly agsScopes: readonly string[];
  /** NRPS: the course's memberships service, or null when the platform offers none. */
  readonly membershipsUrl: string | null;
  readonly completionThreshold: number;
  readonly createdAt: Date;
  readonly lastLaunchAt: Date;
}

export type LtiLinkInput = Omit<LtiLink, 'id' | 'createdAt' | 'lastLaunchAt'>;

/** Port: the links. */
export interface LtiLinkRepository {
  /** Inserts or refreshes the link (platform, resource link id). */
  upsert(link: LtiLinkInput): Promise<LtiLink>;
  findById(id: number): Promise<LtiLink | null>;
  /** The links of a course (the teacher's view), newest launch first. */
  listForCourse(courseId: number): Promise<LtiLink[]>;
}

export const DEFAULT_COMPLETION = 0.9;

export type LinkParameters =
  | { readonly ok: true; readonly videoId: number; readonly signed: boolean; readonly completion: number }
  | { readonly ok: false; readonly reason: 'no_video' | 'bad_video' };

/**
 * Reads a link's custom parameters (pure). A missing `video` is `no_video`; anything but a
 * positive integer is `bad_video`. `completion` out of (0, 1] (or a percentage out of (0, 100])
 * falls back on the default.
 */
export function readLinkParameters(custom: Readonly<Record<string, unknown>> | undefined, verify: (videoId: number, signature: string) => boolean): LinkParameters {
  const raw = custom?.video;
  if (raw === undefined || raw === null || raw === '') return { ok: false, reason: 'no_video' };
  const text = String(raw).trim();
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 2_147_483_647) return { ok: false, reason: 'bad_video' };
  const videoId = Number(text);
  const signature = typeof custom?.video_sig === 'string' ? custom.video_sig : '';
  return { ok: true, videoId, signed: signature !== '' && verify(videoId, signature), completion: completionOf(custom?.completion) };
}

export function completionOf(raw: unknown): number {
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim().replace(/%$/, '')) : NaN;
  if (!Number.isFinite(value) || value <= 0) return DEFAULT_COMPLETION;
  const share = value > 1 ? value / 100 : value;
  return share > 1 ? DEFAULT_COMPLETION : Math.round(share * 1000) / 1000;
}

/** Signs video ids for links (`video_sig`): an HMAC with a key of the server's secret. */
export interface LinkSigner {
  sign(videoId: number): string;
  verify(videoId: number, signature: string): boolean;
}

export function createLinkSigner(key: Buffer): LinkSigner {
  const sign = (videoId: number) => hmacText(key, `lti-link:v1:${videoId}`, 22);
  return { sign, verify: (videoId, signature) => sameSignature(sign(videoId), signature) };
}
