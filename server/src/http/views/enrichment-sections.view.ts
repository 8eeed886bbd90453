import type { Request } from 'express';
import {
  CHAPTER_TITLE_MAX,
  ENRICHMENT_TITLE_MAX,
  ENRICHMENT_TYPES,
  OVERLAY_POSITIONS,
  OVERLAY_TITLE_MAX,
  TRACK_KINDS,
  TRACK_LABEL_MAX,
  type Chapter,
  type Enrichment,
  type Overlay,
  type Track,
} from '../../domain/enrichments/enrichment.js';
import { DOCUMENT_EXTENSIONS } from '../../domain/enrichments/file-kinds.js';
import { languageName } from '../../domain/enrichments/language.js';
import { formatTime } from '../../domain/enrichments/time-range.js';
import type { SectionView } from './enrichment-editor.view.js';
import { checkboxField, fileField, selectField, textArea, textField, type FormState } from './form-fields.view.js';
import { formatBytes } from './format.js';
import { html, type SafeHtml } from './html.js';

/** What each editor shows of its items and which fields its form has. */

const span = (item: { start: number; end: number }) => html`${formatTime(item.start)} – ${formatTime(item.end)}`;

function timeFields(req: Request, state: FormState, names: readonly ('start' | 'end')[]): SafeHtml {
  return html`${names.map((name) => textField(state, name, { label: req.t(`enrichments.field.${name}`), help: req.t('enrichments.timeHelp'), required: true, maxlength: 20 }))}`;
}

export const chapterView: SectionView<Chapter> = {
  name: 'chapters',
  multipart: false,
  fieldNames: ['title', 'start'],
  columns: (req) => [req.t('enrichments.field.title'), req.t('enrichments.field.start')],
  cells: (_req, chapter) => [html`${formatTime(chapter.start)}`],
  itemTitle: (chapter) => chapter.title,
  fields: (req, state) => html`${textField(state, 'title', { label: req.t('enrichments.field.title'), required: true, maxlength: CHAPTER_TITLE_MAX })}${timeFields(req, state, ['start'])}`,
};

/** Languages offered while typing (any BCP 47 code is accepted). */
const SUGGESTED_LANGUAGES = ['fr', 'en', 'de', 'es', 'it', 'pt', 'pt-BR', 'nl', 'ar', 'zh', 'br', 'oc', 'eu', 'ca', 'co'];

export const trackView: SectionView<Track> = {
  name: 'tracks',
  multipart: true,
  fieldNames: ['kind', 'lang', 'label', 'file'],
  columns: (req) => [req.t('enrichments.field.label'), req.t('enrichments.field.kind'), req.t('enrichments.field.lang'), req.t('enrichments.tracks.cues'), req.t('enrichments.tracks.origin')],
  cells: (req, track) => [
    html`${req.t(`enrichments.kind.${track.kind}`)}`,
    html`<span lang="${track.lang}">${languageName(track.lang, req.locale)}</span> (<code>${track.lang}</code>)`,
    html`${track.cueCount} · ${formatBytes(track.size, req.locale)}`,
    html`${req.t(`enrichments.origin.${track.origin}`)}`,
  ],
  itemTitle: (track) => track.label,
  fields: (req, state, { item }) => html`
    ${selectField(state, 'kind', { label: req.t('enrichments.field.kind'), help: req.t('enrichments.kindHelp'), choices: TRACK_KINDS.map((kind) => ({ value: kind, label: req.t(`enrichments.kind.${kind}`) })) })}
    ${textField(state, 'lang', { label: req.t('enrichments.field.lang'), help: req.t('enrichments.langHelp'), required: true, maxlength: 20, list: 'languages' })}
    <datalist id="languages">${SUGGESTED_LANGUAGES.map((code) => html`<option value="${code}">${languageName(code, req.locale)}</option>`)}</datalist>
    ${textField(state, 'label', { label: req.t('enrichments.field.label'), help: req.t('enrichments.labelHelp'), maxlength: TRACK_LABEL_MAX })}
    ${fileField(state, 'file', { label: req.t('enrichments.field.subtitleFile'), help: req.t(item ? 'enrichments.replaceFileHelp' : 'enrichments.subtitleFileHelp'), accept: '.vtt,.srt,text/vtt', required: !item })}`,
};

function payloadSummary(req: Request, enrichment: Enrichment): SafeHtml {
  if (enrichment.weblink) return html`<a href="${enrichment.weblink}" rel="noopener noreferrer nofollow">${enrichment.weblink}</a>`;
  if (enrichment.file) return html`${enrichment.file.name} (${formatBytes(enrichment.file.size, req.locale)})`;
  return html``;
}

export const enrichmentView: SectionView<Enrichment> = {
  name: 'enrichments',
  multipart: true,
  fieldNames: ['title', 'type', 'start', 'end', 'stop_video', 'richtext', 'weblink', 'embed', 'file'],
  columns: (req) => [req.t('enrichments.field.title'), req.t('enrichments.field.type'), req.t('enrichments.field.span'), req.t('enrichments.field.content')],
  cells: (req, enrichment) => [
    html`${req.t(`enrichments.type.${enrichment.type}`)}${enrichment.stopVideo ? html` · ${req.t('enrichments.pauses')}` : ''}`,
    span(enrichment),
    payloadSummary(req, enrichment),
  ],
  itemTitle: (enrichment) => enrichment.title,
  fields: (req, state, { item }) => html`
    ${textField(state, 'title', { label: req.t('enrichments.field.title'), required: true, maxlength: ENRICHMENT_TITLE_MAX })}
    ${selectField(state, 'type', { label: req.t('enrichments.field.type'), help: req.t('enrichments.typeHelp'), choices: ENRICHMENT_TYPES.map((type) => ({ value: type, label: req.t(`enrichments.type.${type}`) })) })}
    ${timeFields(req, state, ['start', 'end'])}
    ${checkboxField(state, 'stop_video', { label: req.t('enrichments.field.stopVideo') })}
    <fieldset class="stack">
      <legend>${req.t('enrichments.field.content')}</legend>
      ${textArea(state, 'richtext', { label: req.t('enrichments.field.richtext'), help: req.t('enrichments.richtextHelp'), rows: 6 })}
      ${textField(state, 'weblink', { label: req.t('enrichments.field.weblink'), type: 'url', maxlength: 2000 })}
      ${textArea(state, 'embed', { label: req.t('enrichments.field.embed'), help: req.t('enrichments.embedHelp'), rows: 3 })}
      ${fileField(state, 'file', {
        label: req.t('enrichments.field.file'),
        help: item?.file ? req.t('enrichments.currentFile', { name: item.file.name }) : req.t('enrichments.fileHelp'),
        accept: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', ...DOCUMENT_EXTENSIONS.map((extension) => `.${extension}`)].join(','),
      })}
    </fieldset>`,
};

export const overlayView: SectionView<Overlay> = {
  name: 'overlays',
  multipart: false,
  fieldNames: ['title', 'content', 'position', 'background', 'start', 'end'],
  columns: (req) => [req.t('enrichments.field.title'), req.t('enrichments.field.span'), req.t('enrichments.field.position')],
  cells: (req, overlay) => [span(overlay), html`${req.t(`enrichments.position.${overlay.position}`)}`],
  itemTitle: (overlay) => overlay.title,
  fields: (req, state) => html`
    ${textField(state, 'title', { label: req.t('enrichments.field.title'), required: true, maxlength: OVERLAY_TITLE_MAX })}
    ${textArea(state, 'content', { label: req.t('enrichments.field.overlayContent'), help: req.t('enrichments.overlayContentHelp'), required: true, rows: 3 })}
    ${selectField(state, 'position', { label: req.t('enrichments.field.position'), choices: OVERLAY_POSITIONS.map((position) => ({ value: position, label: req.t(`enrichments.position.${position}`) })) })}
    ${checkboxField(state, 'background', { label: req.t('enrichments.field.background') })}
    ${timeFields(req, state, ['start', 'end'])}`,
};

/** The form values of an existing item (times as people type them). */
export const formValues = {
  chapters: (chapter: Chapter) => ({ title: chapter.title, start: formatTime(chapter.start) }),
  tracks: (track: Track) => ({ kind: track.kind, lang: track.lang, label: track.label }),
  enrichments: (e: Enrichment) => ({
    title: e.title,
    type: e.type,
    start: formatTime(e.start),
    end: formatTime(e.end),
    stop_video: String(e.stopVideo),
    richtext: e.richtext ?? '',
    weblink: e.weblink ?? '',
    embed: e.embed ?? '',
  }),
  overlays: (o: Overlay) => ({ title: o.title, content: o.content, position: o.position, background: String(o.background), start: formatTime(o.start), end: formatTime(o.end) }),
};

/** What an empty "add" form starts with. */
export const newFormValues: Record<'chapters' | 'tracks' | 'enrichments' | 'overlays', Record<string, string>> = {
  chapters: {},
  tracks: { kind: 'subtitles' },
  enrichments: { type: 'richtext' },
  overlays: { position: 'bottom-right', background: 'true' },
};
