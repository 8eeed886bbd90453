import type { Request } from 'express';
import type { Video } from '../../domain/videos/video.js';
import { html, raw, type SafeHtml } from './html.js';
import { renderEmbedDocument, renderPage } from './layout.view.js';

/** What the video page shows around the player. */
export interface WatchPageModel {
  readonly video: Video;
  readonly configJson: string | null;
  readonly pageUrl: string;
  readonly embedUrl: string;
  readonly oembedUrl: string | null;
  readonly canManage: boolean;
  readonly downloads: readonly { readonly label: string; readonly href: string }[];
  /** Shown under the player (an LTI teacher's "Learners' progress"). */
  readonly tools?: SafeHtml;
}

function playerMarkup(model: WatchPageModel): SafeHtml {
  if (!model.configJson) return html``;
  return html`<div id="lectern-player" class="lectern-player"></div>
  <script type="application/json" id="lectern-player-config">${raw(model.configJson)}</script>`;
}

const playerHead = html`<link rel="stylesheet" href="/assets/player.css">
  <script type="module" src="/assets/player.js"></script>`;

function notReady(req: Request, model: WatchPageModel): SafeHtml {
  if (model.configJson) return html``;
  const manage = model.canManage ? html` <a href="/my/videos/${model.video.id}/edit">${req.t('watch.manage')}</a>` : html``;
  return html`<p class="notice" role="status">${req.t('watch.notReady')}${manage}</p>`;
}

function embedCode(req: Request, model: WatchPageModel): SafeHtml {
  const code = `<iframe src="${model.embedUrl}" width="640" height="360" style="border:0" allow="fullscreen; autoplay" allowfullscreen title="${model.video.title.replace(/"/g, '&quot;')}"></iframe>`;
  return html`<details class="embed-code">
    <summary>${req.t('watch.share')}</summary>
    <label for="page-link">${req.t('watch.pageLink')}</label>
    <input id="page-link" type="text" readonly value="${model.pageUrl}">
    <button type="button" data-copy="page-link" data-copied="${req.t('watch.copied')}">${req.t('watch.copyLink')}</button>
    <label for="embed-code">${req.t('watch.embedCode')}</label>
    <textarea id="embed-code" readonly rows="3">${code}</textarea>
    <button type="button" data-copy="embed-code" data-copied="${req.t('watch.copied')}">${req.t('watch.copyEmbed')}</button>
    <p class="copy-status" role="status" aria-live="polite"></p>
  </details>`;
}

function details(req: Request, model: WatchPageModel): SafeHtml {
  const { video } = model;
  const owner = `${video.owner.firstName} ${video.owner.lastName}`.trim() || video.owner.username;
  const downloads = model.downloads.length
    ? html`<h2>${req.t('watch.downloads')}</h2><ul class="downloads">${model.downloads.map((d) => html`<li><a href="${d.href}" download>${d.label}</a></li>`)}</ul>`
    : html``;
  return html`<section class="video-details" aria-labelledby="video-title">
    <p class="byline">${req.t('watch.by', { owner })}${video.dateEvt ? html` · <time datetime="${video.dateEvt}">${video.dateEvt}</time>` : ''}</p>
    ${video.tags.length ? html`<ul class="tags" aria-label="${req.t('watch.tags')}">${video.tags.map((tag) => html`<li>${tag}</li>`)}</ul>` : ''}
    <div class="description">${raw(video.description)}</div>
    ${downloads}
    ${model.canManage ? html`<p><a href="/my/videos/${video.id}/edit">${req.t('watch.manage')}</a></p>` : ''}
  </section>`;
}

/** The video page `/video/<slug>/`, or its bare iframe form. */
export function renderWatchPage(req: Request, csrf: string, model: WatchPageModel, iframe: boolean): string {
  const oembed = model.oembedUrl ? html`<link rel="alternate" type="application/json+oembed" href="${model.oembedUrl}" title="${model.video.title}">` : html``;
  if (iframe) return renderEmbedDocument(req, model.video.title, html`${playerMarkup(model)}${notReady(req, model)}${model.tools ?? ''}`, html`${model.configJson ? playerHead : ''}${oembed}`);
  return renderPage(req, csrf, {
    title: model.video.title,
    head: html`${model.configJson ? playerHead : ''}${oembed}`,
    scripts: ['/assets/pages.js'],
    body: html`<h1 id="video-title">${model.video.title}</h1>
      ${playerMarkup(model)}${notReady(req, model)}
      ${details(req, model)}
      ${embedCode(req, model)}`,
  });
}

/** Password form, login prompt or refusal, in the page or the iframe form. */
export function renderWatchBarrier(
  req: Request,
  csrf: string,
  video: Pick<Video, 'title'>,
  kind: 'password' | 'login' | 'forbidden',
  options: { iframe: boolean; action: string; wrongPassword?: boolean; loginUrl: string },
): string {
  const body =
    kind === 'password'
      ? html`<form method="post" action="${options.action}" class="video-password">
          <h1>${video.title}</h1>
          <p>${req.t('watch.passwordIntro')}</p>
          ${options.wrongPassword ? html`<p class="field-error" id="password-error" role="alert">${req.t('watch.wrongPassword')}</p>` : ''}
          <label for="video-password">${req.t('watch.password')}</label>
          <input id="video-password" name="password" type="password" required maxlength="128" autocomplete="off" ${options.wrongPassword ? raw('aria-invalid="true" aria-describedby="password-error"') : ''} autofocus>
          <button type="submit" class="primary">${req.t('watch.watch')}</button>
        </form>`
      : kind === 'login'
        ? html`<h1>${video.title}</h1><p>${req.t('watch.loginRequired')}</p>
          <p><a class="button primary" href="${options.loginUrl}" ${options.iframe ? raw('target="_blank" rel="noopener"') : ''}>${req.t('nav.login')}</a></p>`
        : html`<h1>${req.t('watch.forbiddenTitle')}</h1><p>${req.t('watch.forbidden')}</p>`;
  if (options.iframe) return renderEmbedDocument(req, video.title, html`<div class="barrier">${body}</div>`);
  return renderPage(req, csrf, { title: video.title, body });
}
