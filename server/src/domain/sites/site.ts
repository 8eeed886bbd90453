/**
 * A site (tenant), Esup-Pod's Django `Site`: users, videos, types, groups and courses belong to
 * one. Site 1 (DEFAULT_SITE_ID) is created by the first migration; its administrators administer
 * the platform (they may, for instance, bind Pod keys to another site).
 */
export interface Site {
  readonly id: number;
  readonly name: string;
  readonly domain: string;
}

/** Port: the sites. */
export interface SiteRepository {
  findById(id: number): Promise<Site | null>;
  list(): Promise<Site[]>;
}
