import type { Request } from 'express';
import { canUpload } from '../../domain/users/user.js';
import type { Video } from '../../domain/videos/video.js';
import type { VideoPage } from '../../domain/videos/video-service.js';
import { encodeForm, encodingAnnouncer, encodingState, isLiveStatus, liveAttributes } from './encoding-state.view.js';
import { formatDate } from './format.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';
import { statusBadge } from './status-badge.view.js';

function thumbnail(req: Request, video: Video): SafeHtml {
  const media = video.media;
  if (!media || media.thumbnailIndex === null) return html`<span class="thumb-placeholder" role="img" aria-label="${req.t('videos.col.thumbnail')}"></span>`;
  return html`<img class="thumb" src="/api/v1/videos/${video.id}/thumbnails/${media.thumbnailIndex}?v=${media.encodedAt.getTime()}" alt="" width="96" height="54">`;
}

/** One video of the list; `next` is the list URL its forms come back to. Also served alone, as a fragment. */
export function videoRow(req: Request, csrf: string, video: Video, next: string): SafeHtml {
  const fragment = `/my/videos/${video.id}/fragments/row?next=${encodeURIComponent(next)}`;
  return html`<tr data-video-id="${video.id}"${liveAttributes(video, fragment)}>
    <td>${thumbnail(req, video)}</td>
    <th scope="row"><a href="/my/videos/${video.id}/edit">${video.title}</a>
      ${video.isDraft ? html` <span class="badge draft">${req.t('videos.draftBadge')}</span>` : ''}</th>
    <td class="status">${statusBadge(req, video.status)}${encodingState(req, video)}</td>
    <td><time datetime="${video.createdAt.toISOString()}">${formatDate(video.createdAt, req.locale)}</time></td>
    <td class="actions">
      <a href="/my/videos/${video.id}/edit">${req.t('videos.edit')}<span class="visually-hidden"> ${video.title}</span></a>
      ${encodeForm(req, csrf, video, { next, titled: true })}
      <form method="post" action="/my/videos/${video.id}/delete" data-confirm="${req.t('videos.deleteConfirm', { title: video.title })}">
        <input type="hidden" name="_csrf" value="${csrf}">
        <button type="submit" class="danger">${req.t('videos.delete')}<span class="visually-hidden"> ${video.title}</span></button>
      </form>
    </td>
  </tr>`;
}

function pagination(req: Request, page: VideoPage, search: string): SafeHtml {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  if (pages === 1) return html``;
  const link = (n: number) => `/my/videos?page=${n}${search ? `&search=${encodeURIComponent(search)}` : ''}`;
  return html`<nav class="pagination" aria-label="${req.t('videos.pagination')}">
    ${page.page > 1 ? html`<a href="${link(page.page - 1)}" rel="prev">${req.t('videos.previous')}</a>` : ''}
    <span aria-current="page">${req.t('videos.pageOf', { page: page.page, pages })}</span>
    ${page.page < pages ? html`<a href="${link(page.page + 1)}" rel="next">${req.t('videos.next')}</a>` : ''}
  </nav>`;
}

export function renderMyVideosPage(req: Request, csrf: string, page: VideoPage, search: string): string {
  const uploader = req.user ? canUpload(req.user) : false;
  const table = page.items.length
    ? html`<table class="videos">
        <caption class="visually-hidden">${req.t('videos.title')}</caption>
        <thead><tr>
          <th scope="col"><span class="visually-hidden">${req.t('videos.col.thumbnail')}</span></th>
          <th scope="col">${req.t('videos.col.title')}</th>
          <th scope="col">${req.t('videos.col.status')}</th>
          <th scope="col">${req.t('videos.col.date')}</th>
          <th scope="col">${req.t('videos.col.actions')}</th>
        </tr></thead>
        <tbody>${page.items.map((video) => videoRow(req, csrf, video, req.originalUrl))}</tbody>
      </table>`
    : html`<p class="empty">${req.t('videos.empty')} ${uploader ? html`<a href="/my/videos/upload">${req.t('videos.uploadFirst')}</a>` : ''}</p>`;
  return renderPage(req, csrf, {
    title: req.t('videos.title'),
    scripts: ['/assets/pages.js'],
    body: html`<div class="page-head"><h1>${req.t('videos.title')}</h1>${uploader ? html`<a class="button primary" href="/my/videos/upload">${req.t('nav.upload')}</a>` : ''}</div>
      <form method="get" action="/my/videos" class="search" role="search">
        <label for="search">${req.t('videos.search')}</label>
        <input id="search" name="search" type="search" value="${search}" maxlength="200">
        <button type="submit">${req.t('videos.searchSubmit')}</button>
      </form>
      ${table}
      ${pagination(req, page, search)}
      ${page.items.some((video) => isLiveStatus(video.status)) ? encodingAnnouncer(req) : ''}`,
  });
}
