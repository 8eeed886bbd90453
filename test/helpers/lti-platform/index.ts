/** LTI 1.3 Advantage platform double (Moodle 5.0 as observed). See README.md. */
export { startPlatform, type PlatformOptions } from './start-platform.js';
export { LtiPlatform, type LoginInput, type ClaimsInput } from './lti-platform.js';
export type { LoginInitiation, AuthorizeResult } from './oidc-login.js';
export type { TokenForgery } from './id-token-claims.js';
export { DeepLinkingRefusal, type ContentItem, type MoodleActivity, type VerifiedDeepLinkingResponse } from './deep-linking-response.js';
export type { ToolUrls, ToolType, PlatformUser, Course, ResourceLink, LineItem, StoredScore, AccessToken } from './platform-state.js';
export type { UserInput, CourseInput, ResourceLinkInput, LineItemInput } from './platform-registry.js';
export { createSigningKey, publicJwk, jwksOf, verifyWithJwks, type SigningKey, type Jwk, type Jwks, type JwksFetcher } from './keys.js';
export { signJwt, decodeJwt, JwtError, type JwtHeader, type JwtPayload } from './jws.js';
export { parseAutoSubmitForm, type AutoSubmitForm } from './http-kit.js';
export { claim, scope, mediaType, roleUri } from './lti-vocabulary.js';
