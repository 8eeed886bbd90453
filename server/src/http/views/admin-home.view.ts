import type { Request } from 'express';
import type { MessageKey } from '../i18n/messages.en.js';
import { html } from './html.js';
import { renderPage } from './layout.view.js';

interface AdminSection {
  readonly title: MessageKey;
  readonly pages: readonly { readonly href: string; readonly name: MessageKey; readonly what: MessageKey }[];
}

/** Every administration page, grouped: the navigation has one "Administration" entry leading here. */
const SECTIONS: readonly AdminSection[] = [
  {
    title: 'adminHome.section.media',
    pages: [
      { href: '/admin/encoding', name: 'nav.adminEncoding', what: 'adminHome.encoding' },
      { href: '/admin/groups', name: 'nav.adminGroups', what: 'adminHome.groups' },
      { href: '/admin/imports', name: 'nav.adminImports', what: 'adminHome.imports' },
    ],
  },
  {
    title: 'adminHome.section.integrations',
    pages: [
      { href: '/admin/moodle', name: 'nav.adminMoodle', what: 'adminHome.moodle' },
      { href: '/admin/lti', name: 'nav.adminLti', what: 'adminHome.lti' },
      { href: '/admin/bbb', name: 'nav.adminBbb', what: 'adminHome.bbb' },
    ],
  },
  {
    title: 'adminHome.section.signIn',
    pages: [
      { href: '/admin/sso', name: 'adminHome.ssoName', what: 'adminHome.sso' },
      { href: '/admin/sso/saml', name: 'nav.adminSaml', what: 'adminHome.saml' },
      { href: '/admin/sso/cas', name: 'nav.adminCas', what: 'adminHome.cas' },
    ],
  },
];

export function renderAdminHomePage(req: Request, csrf: string): string {
  const t = req.t;
  return renderPage(req, csrf, {
    title: t('adminHome.title'),
    body: html`<h1>${t('adminHome.title')}</h1>
      <p>${t('adminHome.intro')}</p>
      ${SECTIONS.map(
        (section, index) => html`<section aria-labelledby="admin-section-${index}">
          <h2 id="admin-section-${index}">${t(section.title)}</h2>
          <dl class="admin-pages">
            ${section.pages.map((page) => html`<dt><a href="${page.href}">${t(page.name)}</a></dt><dd>${t(page.what)}</dd>`)}
          </dl>
        </section>`,
      )}`,
  });
}
