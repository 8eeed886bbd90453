/** CAS 3.0 server double (Apereo CAS-Protocol-Specification 3.0.3). See README.md. */
export { startCasServer } from './start-cas-server.js';
export { logoutRequestXml, CAS_NAMESPACE } from './responses.js';
export type { CasCallRecord, CasEndpoint, CasFailure, CasServerDouble, CasServerOptions, CasTicket, CasUserSpec, LogoutDelivery } from './types.js';
