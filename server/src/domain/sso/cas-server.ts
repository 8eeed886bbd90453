/**
 * CAS servers (Apereo CAS protocol 3.0) a site signs in with. The service URL we send is built
 * from the configured public URL, never from the request's Host header.
 */
export interface CasServer {
  readonly id: number;
  readonly siteId: number;
  readonly name: string;
  /** e.g. https://cas.univ.fr/cas (no trailing slash): /login, /p3/serviceValidate and /logout are under it. */
  readonly baseUrl: string;
  readonly enabled: boolean;
}

/** Port: the CAS servers a site may sign in with (the login page and the CAS routes read it). */
export interface CasServerDirectory {
  listEnabled(siteId: number): Promise<CasServer[]>;
  findById(id: number): Promise<CasServer | null>;
}
