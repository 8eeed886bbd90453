/**
 * A BigBlueButton server a site uses: its own, or the national BBB ESR service (a Scalelite
 * cluster). Several per site; the default one hosts new meetings. The shared secret signs
 * every API call (checksum, bbb-xapi-sso.md §1.2) and the recording-ready callbacks (§1.7).
 */
import type { BbbApi, BbbChecksumAlgorithm } from './bbb.js';

export interface BbbServerSettings {
  readonly name: string;
  /** The API root, normalised to end with `/bigbluebutton/api/` (or a Scalelite equivalent ending in `/`). */
  readonly apiUrl: string;
  readonly secret: string;
  readonly checksumAlgorithm: BbbChecksumAlgorithm;
}

export interface BbbServer extends BbbServerSettings {
  readonly id: number;
  readonly siteId: number;
  readonly isDefault: boolean;
  readonly isActive: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Port: the servers, and each site's automatic-import choice. */
export interface BbbServerRepository {
  /** Null when the site already has a server with this name. */
  insert(siteId: number, settings: BbbServerSettings, extra: { readonly isDefault: boolean }): Promise<BbbServer | null>;
  /** Null when the server is gone; 'conflict' when the new name is taken. A blank secret keeps the old one. */
  update(id: number, settings: BbbServerSettings): Promise<BbbServer | null | 'conflict'>;
  findById(id: number): Promise<BbbServer | null>;
  list(siteId: number): Promise<BbbServer[]>;
  /** The site's default server when it is active, otherwise null. */
  findDefault(siteId: number): Promise<BbbServer | null>;
  setDefault(id: number): Promise<BbbServer | null>;
  setActive(id: number, active: boolean): Promise<BbbServer | null>;
  remove(id: number): Promise<boolean>;
  /** How many recordings of this server were imported (or are being imported): removal is refused while any are. */
  countImports(id: number): Promise<number>;
  siteAutoImport(siteId: number): Promise<boolean>;
  setSiteAutoImport(siteId: number, on: boolean): Promise<void>;
}

/** Port: the API of a server (one client per server and settings, built by infra/bbb). */
export interface BbbApis {
  forServer(server: BbbServer): BbbApi;
}
