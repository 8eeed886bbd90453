import type { Request } from 'express';
import { canUpload } from '../../domain/users/user.js';
import { html, type SafeHtml } from './html.js';

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  readonly scripts?: readonly string[];
  /** Extra elements for <head> (stylesheets, alternate links). */
  readonly head?: SafeHtml;
  /** Show (and so consume) the session's flash message; error pages leave it for the next page. */
  readonly flash?: boolean;
}

function flashMessage(req: Request): SafeHtml {
  const flash = req.session?.flash;
  if (!flash) return html``;
  delete req.session.flash;
  const role = flash.kind === 'error' ? 'alert' : 'status';
  return html`<div class="flash flash-${flash.kind}" role="${role}">${req.t(flash.key as never)}</div>`;
}

function languageSwitch(req: Request): SafeHtml {
  const here = req.originalUrl.replace(/([?&])lang=[^&]*&?/, '$1').replace(/[?&]$/, '');
  return html`<form class="lang" method="get" action="/lang">
    <input type="hidden" name="next" value="${here}">
    <label for="lang-select">${req.t('nav.language')}</label>
    <select id="lang-select" name="to">
      <option value="fr" lang="fr" ${req.locale === 'fr' ? 'selected' : ''}>Français</option>
      <option value="en" lang="en" ${req.locale === 'en' ? 'selected' : ''}>English</option>
    </select>
    <button type="submit">${req.t('nav.change')}</button>
  </form>`;
}

function navigation(req: Request, csrf: string): SafeHtml {
  if (!req.user) return html`<nav aria-label="Lectern"><a href="/login">${req.t('nav.login')}</a></nav>`;
  const current = (path: string) => (req.path === path ? html` aria-current="page"` : html``);
  return html`<nav aria-label="Lectern">
    <ul>
      <li><a href="/my/videos"${current('/my/videos')}>${req.t('nav.myVideos')}</a></li>
      ${canUpload(req.user) ? html`<li><a href="/my/videos/upload"${current('/my/videos/upload')}>${req.t('nav.upload')}</a></li>` : ''}
      ${canUpload(req.user) ? html`<li><a href="/meetings"${current('/meetings')}>${req.t('nav.meetings')}</a></li>` : ''}
      ${canUpload(req.user) ? html`<li><a href="/meetings/recordings"${current('/meetings/recordings')}>${req.t('nav.myRecordings')}</a></li>` : ''}
      <li><a href="/my/tokens"${current('/my/tokens')}>${req.t('nav.tokens')}</a></li>
      <li><a href="/my/sign-in"${current('/my/sign-in')}>${req.t('nav.mySignIn')}</a></li>
      ${req.user.role === 'admin' ? html`<li><a href="/admin"${req.path === '/admin' || req.path.startsWith('/admin/') ? html` aria-current="${req.path === '/admin' ? 'page' : 'true'}"` : ''}>${req.t('nav.admin')}</a></li>` : ''}
    </ul>
    <form method="post" action="/logout" class="logout">
      <input type="hidden" name="_csrf" value="${csrf}">
      <span class="who">${req.user.username}</span>
      <button type="submit">${req.t('nav.logout')}</button>
    </form>
  </nav>`;
}

/** The page shell: skip link, header with navigation and language switch, main landmark. */
export function renderPage(req: Request, csrf: string, options: PageOptions): string {
  const scripts = (options.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`);
  return html`<!doctype html>
<html lang="${req.locale}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${options.title} · ${req.t('app.name')}</title>
  <link rel="stylesheet" href="/assets/lectern.css">
  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
  ${scripts}
  ${options.head ?? ''}
</head>
<body>
  <a class="skip" href="#main">${req.t('nav.skip')}</a>
  <header class="site-header">
    <a class="brand" href="/">${req.t('app.name')}</a>
    ${navigation(req, csrf)}
    ${languageSwitch(req)}
  </header>
  <main id="main" tabindex="-1">
    ${options.flash === false ? '' : flashMessage(req)}
    ${options.body}
  </main>
</body>
</html>`.value;
}

/** The bare document for iframes (`?is_iframe=true`, LTI launches): no site navigation, the LMS or page around it is the frame. */
export function renderEmbedDocument(req: Request, title: string, body: SafeHtml, head: SafeHtml = html``): string {
  return html`<!doctype html>
<html lang="${req.locale}" class="embed">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · ${req.t('app.name')}</title>
  <link rel="stylesheet" href="/assets/lectern.css">
  <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
  ${head}
</head>
<body class="embed">
  <main id="main">${body}</main>
</body>
</html>`.value;
}
