import { randomBytes } from 'node:crypto';
import type { SamlIdp } from '../../server/src/domain/sso/saml-idp.js';
import type { Db } from '../../server/src/infra/db.js';

/** What insertSamlIdp needs: the signing certificates; everything else has a default. */
export type SamlIdpFixture = Partial<Omit<SamlIdp, 'id' | 'sourceId' | 'certificates'>> & { readonly certificates: readonly string[] };

const BINDINGS = { redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST' };

const base64Body = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

/** The IdP's own metadata (what an uploaded metadata file would hold). */
export function samlIdpMetadataXml(idp: Pick<SamlIdp, 'entityId' | 'ssoUrl' | 'ssoBinding' | 'sloUrl' | 'sloBinding' | 'certificates' | 'displayNames'>): string {
  const keys = idp.certificates.map((pem) => `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${base64Body(pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`).join('');
  const names = Object.entries(idp.displayNames).map(([lang, name]) => `<mdui:DisplayName xml:lang="${lang}">${name}</mdui:DisplayName>`).join('');
  const slo = idp.sloUrl ? `<md:SingleLogoutService Binding="${BINDINGS[idp.sloBinding ?? 'redirect']}" Location="${idp.sloUrl}"/>` : '';
  return `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:mdui="urn:oasis:names:tc:SAML:metadata:ui" entityID="${idp.entityId}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:Extensions><mdui:UIInfo>${names}</mdui:UIInfo></md:Extensions>
    ${keys}
    ${slo}
    <md:SingleSignOnService Binding="${BINDINGS[idp.ssoBinding]}" Location="${idp.ssoUrl}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
}

/**
 * A SAML IdP as the metadata admin would have stored it: an uploaded-file metadata source
 * (its XML describes the IdP) and the saml_idps row read from it. Defaults: site 1, enabled,
 * a random entity id, HTTP-Redirect SSO and single logout at idp.univ-test.fr.
 */
export async function insertSamlIdp(db: Db, fixture: SamlIdpFixture): Promise<SamlIdp> {
  const tag = randomBytes(4).toString('hex');
  const idp = {
    siteId: fixture.siteId ?? 1,
    entityId: fixture.entityId ?? `https://idp-${tag}.univ-test.fr/idp/shibboleth`,
    displayNames: fixture.displayNames ?? { en: `Test University ${tag}`, fr: `Université de test ${tag}` },
    ssoUrl: fixture.ssoUrl ?? `https://idp-${tag}.univ-test.fr/idp/profile/SAML2/Redirect/SSO`,
    ssoBinding: fixture.ssoBinding ?? 'redirect',
    sloUrl: fixture.sloUrl === undefined ? `https://idp-${tag}.univ-test.fr/idp/profile/SAML2/Redirect/SLO` : fixture.sloUrl,
    sloBinding: fixture.sloBinding === undefined ? 'redirect' : fixture.sloBinding,
    certificates: [...fixture.certificates],
    enabled: fixture.enabled ?? true,
  } as const;
  const source = await db
    .insertInto('saml_metadata_sources')
    .values({ site_id: idp.siteId, name: `metadata ${tag}`, xml: samlIdpMetadataXml(idp), last_refreshed_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto('saml_idps')
    .values({
      site_id: idp.siteId,
      source_id: source.id,
      entity_id: idp.entityId,
      display_names: JSON.stringify(idp.displayNames),
      sso_url: idp.ssoUrl,
      sso_binding: idp.ssoBinding,
      slo_url: idp.sloUrl,
      slo_binding: idp.sloUrl ? idp.sloBinding : null,
      certificates: [...idp.certificates],
      enabled: idp.enabled,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...idp, id: row.id, sourceId: source.id, sloBinding: idp.sloUrl ? idp.sloBinding : null };
}
