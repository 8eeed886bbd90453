import type { Request } from 'express';
import { formatTime } from '../../domain/enrichments/time-range.js';
import type { Video } from '../../domain/videos/video.js';
import { formAlert, type FormState } from './form-fields.view.js';
import { html, type SafeHtml } from './html.js';
import { renderPage } from './layout.view.js';
import { videoSectionNav, type EnrichmentSection } from './video-sections.view.js';

/**
 * The owner's editor of one kind of item (chapters, tracks, enrichments, overlays): a list
 * page with an "add" form, and an edit page per item. Full-page forms, no JavaScript needed
 * (pages.js only asks before a delete).
 */
export interface SectionView<T extends { readonly id: number }> {
  readonly name: EnrichmentSection;
  /** Forms that carry a file: multipart, with the CSRF token in the action. */
  readonly multipart: boolean;
  /** Every field of the form (problems of other paths show at the top). */
  readonly fieldNames: readonly string[];
  columns(req: Request): string[];
  /** Cells after the first one (the item's title, a row header). */
  cells(req: Request, item: T): SafeHtml[];
  itemTitle(item: T): string;
  fields(req: Request, state: FormState, context: { readonly video: Video; readonly item: T | null }): SafeHtml;
}

function form(req: Request, csrf: string, action: string, view: SectionView<{ id: number }>, body: SafeHtml, state: FormState, submit: SafeHtml): SafeHtml {
  const target = view.multipart ? `${action}?_csrf=${encodeURIComponent(csrf)}` : action;
  return html`<form method="post" action="${target}" class="stack"${view.multipart ? html` enctype="multipart/form-data"` : ''}>
    ${view.multipart ? '' : html`<input type="hidden" name="_csrf" value="${csrf}">`}
    ${formAlert(req, state, view.fieldNames)}
    ${body}
    <div class="form-actions">${submit}</div>
  </form>`;
}

function durationNote(req: Request, video: Video): SafeHtml {
  return html`<p class="help" id="duration-note">${
    video.durationSeconds === null ? req.t('enrichments.durationUnknown') : req.t('enrichments.duration', { duration: formatTime(video.durationSeconds) })
  }</p>`;
}

function itemsTable<T extends { id: number }>(req: Request, csrf: string, video: Video, view: SectionView<T>, items: readonly T[]): SafeHtml {
  if (items.length === 0) return html`<p class="empty">${req.t(`enrichments.${view.name}.empty`)}</p>`;
  const base = `/my/videos/${video.id}/${view.name}`;
  const rows = items.map((item) => {
    const title = view.itemTitle(item);
    return html`<tr>
      <th scope="row">${title}</th>
      ${view.cells(req, item).map((cell) => html`<td>${cell}</td>`)}
      <td class="actions">
        <a href="${base}/${item.id}/edit">${req.t('enrichments.edit')}<span class="visually-hidden"> ${title}</span></a>
        <form method="post" action="${base}/${item.id}/delete" data-confirm="${req.t('enrichments.deleteConfirm', { title })}">
          <input type="hidden" name="_csrf" value="${csrf}">
          <button type="submit" class="danger">${req.t('enrichments.delete')}<span class="visually-hidden"> ${title}</span></button>
        </form>
      </td>
    </tr>`;
  });
  return html`<table>
    <caption class="visually-hidden">${req.t(`enrichments.${view.name}.title`)}</caption>
    <thead><tr>${view.columns(req).map((column) => html`<th scope="col">${column}</th>`)}<th scope="col">${req.t('enrichments.actions')}</th></tr></thead>
    <tbody>${rows}</tbody>
  </table>`;
}

/** The list of a video's items, then the form to add one. */
export function renderSectionPage<T extends { id: number }>(req: Request, csrf: string, options: { video: Video; view: SectionView<T>; items: readonly T[]; form: FormState }): string {
  const { video, view, items } = options;
  const heading = req.t(`enrichments.${view.name}.title`);
  const fields = view.fields(req, options.form, { video, item: null });
  const submit = html`<button type="submit" class="primary">${req.t(`enrichments.${view.name}.add`)}</button>`;
  return renderPage(req, csrf, {
    title: `${heading} · ${video.title}`,
    scripts: ['/assets/pages.js'],
    body: html`<h1>${heading} <span class="muted">· ${video.title}</span></h1>
      ${videoSectionNav(req, video.id, view.name)}
      <p>${req.t(`enrichments.${view.name}.intro`)}</p>
      ${durationNote(req, video)}
      ${itemsTable(req, csrf, video, view, items)}
      <section aria-labelledby="add-heading">
        <h2 id="add-heading">${req.t(`enrichments.${view.name}.add`)}</h2>
        ${form(req, csrf, `/my/videos/${video.id}/${view.name}`, view as SectionView<{ id: number }>, fields, options.form, submit)}
      </section>`,
  });
}

/** One item's edit form. */
export function renderItemEditPage<T extends { id: number }>(req: Request, csrf: string, options: { video: Video; view: SectionView<T>; item: T; form: FormState }): string {
  const { video, view, item } = options;
  const heading = req.t(`enrichments.${view.name}.edit`, { title: view.itemTitle(item) });
  const base = `/my/videos/${video.id}/${view.name}`;
  const fields = view.fields(req, options.form, { video, item });
  const submit = html`<button type="submit" class="primary">${req.t('enrichments.save')}</button> <a href="${base}">${req.t('enrichments.cancel')}</a>`;
  return renderPage(req, csrf, {
    title: `${heading} · ${video.title}`,
    scripts: ['/assets/pages.js'],
    body: html`<h1>${heading}</h1>
      ${videoSectionNav(req, video.id, view.name)}
      ${durationNote(req, video)}
      ${form(req, csrf, `${base}/${item.id}/edit`, view as SectionView<{ id: number }>, fields, options.form, submit)}`,
  });
}
