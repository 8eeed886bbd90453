import type { Request } from 'express';
import { html, type SafeHtml } from './html.js';

/** Lectern's LTI tool URLs under its public URL (never with a trailing slash). */
export function ltiToolUrls(publicUrl: string) {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    launch: `${base}/lti/launch`,
    login: `${base}/lti/login`,
    deeplink: `${base}/lti/deeplink`,
    keys: `${base}/lti/keys`,
    register: `${base}/lti/register`,
    domain: new URL(base).host,
  };
}

/** A field of an LMS form: its label in the LMS's English interface, and what to enter (copyable when `copy`). */
interface LmsField {
  readonly label: string;
  readonly value: string;
  readonly copy?: boolean;
}

export const LMS_NAMES = ['moodle', 'moodleDynamic', 'chamilo', 'sakai', 'canvas'] as const;
export type LmsName = (typeof LMS_NAMES)[number];

const AGS_NRPS_SCOPES = [
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
];

/** Canvas's "Paste JSON" developer key configuration for Lectern (pure). */
export function canvasJson(publicUrl: string): string {
  const urls = ltiToolUrls(publicUrl);
  const placement = (name: string) => ({ placement: name, message_type: 'LtiDeepLinkingRequest', target_link_uri: urls.deeplink });
  return JSON.stringify(
    {
      title: 'Lectern',
      description: 'Lecture videos',
      oidc_initiation_url: urls.login,
      target_link_uri: urls.launch,
      public_jwk_url: urls.keys,
      scopes: AGS_NRPS_SCOPES,
      extensions: [{ platform: 'canvas.instructure.com', domain: urls.domain, privacy_level: 'public', settings: { placements: ['link_selection', 'assignment_selection', 'editor_button'].map(placement) } }],
    },
    null,
    2,
  );
}

type ToolUrls = ReturnType<typeof ltiToolUrls>;

const redirectsOf = (u: ToolUrls) => `${u.launch}\n${u.deeplink}`;

/** Moodle's "configure a tool manually" form. */
function moodleFields(u: ToolUrls): LmsField[] {
  const redirects = redirectsOf(u);
  return [
    { label: 'Tool name', value: 'Lectern' },
    { label: 'Tool URL', value: u.launch, copy: true },
    { label: 'LTI version', value: 'LTI 1.3' },
    { label: 'Public key type', value: 'Keyset URL' },
    { label: 'Public keyset', value: u.keys, copy: true },
    { label: 'Initiate login URL', value: u.login, copy: true },
    { label: 'Redirection URI(s)', value: redirects, copy: true },
    { label: 'Custom parameters', value: '—' },
    { label: 'Default launch container', value: 'Embed, without blocks' },
    { label: 'Supports Deep Linking (Content-Item Message)', value: '✓' },
    { label: 'Content Selection URL', value: u.deeplink, copy: true },
    { label: 'IMS LTI Assignment and Grade Services', value: 'Use this service for grade sync and column management' },
    { label: 'IMS LTI Names and Role Provisioning', value: 'Use this service to retrieve members’ information as per privacy settings' },
    { label: 'Share launcher’s name with tool', value: 'Always' },
    { label: 'Share launcher’s email with tool', value: 'Always' },
    { label: 'Accept grades from the tool', value: 'Always' },
  ];
}

/** Chamilo 1.11's "Add external tool" form (one Redirect URL, matched exactly). */
function chamiloFields(u: ToolUrls): LmsField[] {
  return [
    { label: 'Name', value: 'Lectern' },
    { label: 'Launch URL', value: u.launch, copy: true },
    { label: 'LTI Version', value: 'LTI 1.3.0' },
    { label: 'Public key type', value: 'Keyset URL' },
    { label: 'Jwks URL', value: u.keys, copy: true },
    { label: 'Login URL', value: u.login, copy: true },
    { label: 'Redirect URL', value: u.launch, copy: true },
    { label: 'Custom params', value: '—' },
    { label: 'Assigment and Grades Service', value: 'Synchronize grades and column management' },
    { label: 'Names and Role Provisioning Service', value: 'Use service' },
    { label: 'Share launcher’s name / email', value: '✓' },
  ];
}

/** Sakai's "Install LTI 1.x Tool" form. */
function sakaiFields(u: ToolUrls): LmsField[] {
  const redirects = redirectsOf(u);
  return [
    { label: 'Title / Button text', value: 'Lectern' },
    { label: 'Launch URL', value: u.launch, copy: true },
    { label: 'Tool supports LTI 1.3', value: '✓' },
    { label: 'LTI 1.3 Tool Keyset URL', value: u.keys, copy: true },
    { label: 'LTI 1.3 Tool OpenID Connect/Initialization Endpoint', value: u.login, copy: true },
    { label: 'LTI 1.3 Tool Redirect Endpoint(s)', value: redirects, copy: true },
    { label: 'Custom parameters', value: '—' },
    { label: 'Send User Names / Send Email Addresses to External Tool', value: '✓' },
    { label: 'Allow External Tool to return grades / to create grade columns', value: '✓' },
    { label: 'Provide Roster to External Tool', value: '✓' },
    { label: 'The tool can receive a Content-Item or Deep-Link launch', value: '✓' },
    { label: 'LTI Dynamic Registration', value: u.register, copy: true },
  ];
}

/** Canvas's LTI developer key (manual entry or Paste JSON). */
function canvasFields(u: ToolUrls, publicUrl: string): LmsField[] {
  const redirects = redirectsOf(u);
  return [
    { label: 'Redirect URIs', value: redirects, copy: true },
    { label: 'Target Link URI', value: u.launch, copy: true },
    { label: 'OpenID Connect Initiation URL', value: u.login, copy: true },
    { label: 'JWK Method: Public JWK URL', value: u.keys, copy: true },
    { label: 'Domain', value: u.domain, copy: true },
    { label: 'Privacy Level', value: 'Public' },
    { label: 'LTI Advantage Services', value: AGS_NRPS_SCOPES.join('\n'), copy: true },
    { label: 'Placements (LtiDeepLinkingRequest)', value: `Link Selection, Assignment Selection, Editor Button → ${u.deeplink}` },
    { label: 'Custom Fields', value: '—' },
    { label: 'Paste JSON', value: canvasJson(publicUrl), copy: true },
    { label: 'Dynamic registration (Apps → LTI Registrations)', value: u.register, copy: true },
  ];
}

/** What to enter in each LMS (docs/lti-platforms-research.md), field by field (pure). */
export function lmsFields(publicUrl: string): Record<LmsName, LmsField[]> {
  const u = ltiToolUrls(publicUrl);
  return {
    moodle: moodleFields(u),
    moodleDynamic: [{ label: 'Tool URL (Manage tools → Add LTI Advantage)', value: u.register, copy: true }],
    chamilo: chamiloFields(u),
    sakai: sakaiFields(u),
    canvas: canvasFields(u, publicUrl),
  };
}

function fieldRow(req: Request, lms: LmsName, field: LmsField, index: number): SafeHtml {
  const id = `lti-${lms}-${index}`;
  const multiline = field.value.includes('\n');
  const value = field.copy
    ? html`${multiline
        ? html`<textarea id="${id}" readonly rows="${Math.min(field.value.split('\n').length, 12)}" cols="60">${field.value}</textarea>`
        : html`<input id="${id}" readonly size="50" value="${field.value}">`}
      <button type="button" data-copy="${id}" data-copied="${req.t('ltiAdmin.values.copied')}">${req.t('ltiAdmin.values.copy')}<span class="visually-hidden"> ${field.label}</span></button>`
    : html`<span lang="en">${field.value === '—' ? req.t('ltiAdmin.values.none') : field.value}</span>`;
  return html`<tr data-lms="${lms}" data-field="${field.label}"><th scope="row" lang="en">${field.copy ? html`<label for="${id}">${field.label}</label>` : field.label}</th><td>${value}</td></tr>`;
}

/** /admin/lti/values: per LMS, where to go, the fields and Lectern's values, with copy buttons. */
export function ltiValuesSections(req: Request, publicUrl: string): SafeHtml {
  const t = req.t;
  const fields = lmsFields(publicUrl);
  return html`${LMS_NAMES.map(
    (lms) => html`<section aria-labelledby="lti-${lms}-heading" class="lti-values" data-lms="${lms}">
      <h2 id="lti-${lms}-heading">${t(`ltiAdmin.values.${lms}.title`)}</h2>
      <p>${t(`ltiAdmin.values.${lms}.where`)}</p>
      <table>
        <thead><tr><th scope="col">${t('ltiAdmin.values.field')}</th><th scope="col">${t('ltiAdmin.values.value')}</th></tr></thead>
        <tbody>${fields[lms].map((field, index) => fieldRow(req, lms, field, index))}</tbody>
      </table>
      <p class="copy-status" role="status" aria-live="polite"></p>
      <p>${t(`ltiAdmin.values.${lms}.then`)}</p>
    </section>`,
  )}`;
}
