import type { Request } from 'express';
import type { EnrichmentService } from '../../domain/enrichments/enrichment-service.js';
import { ENRICHMENT_FILE_MAX_BYTES, TRACK_MAX_BYTES, type Chapter, type Enrichment, type Overlay, type Track } from '../../domain/enrichments/enrichment.js';
import { AppError, ValidationError } from '../../domain/errors.js';
import type { User } from '../../domain/users/user.js';
import { toEnrichmentPatch } from '../api/enrichments.routes.js';
import { chapterBody, enrichmentBody, overlayBody, trackFields } from '../api/enrichments.schemas.js';
import { isMessageKey } from '../i18n/i18n.js';
import { localisedDetail } from '../middlewares/error-handler.js';
import type { ReceivedFile } from '../multipart-upload.js';
import { incomingSubtitles, parseFields } from '../request-body.js';
import type { SectionView } from '../views/enrichment-editor.view.js';
import { chapterView, enrichmentView, formValues, overlayView, trackView } from '../views/enrichment-sections.view.js';
import type { FormProblem } from '../views/form-fields.view.js';

/** A submitted form: its text values and, for multipart forms, its file. */
export interface SubmittedForm {
  readonly values: Readonly<Record<string, string>>;
  readonly file: ReceivedFile | null;
}

/** What the pages need of one kind of item: its view, and its form → domain calls. */
export interface SectionController<T extends { id: number }> {
  readonly view: SectionView<T>;
  readonly maxFileBytes: number;
  list(actor: User, videoId: number): Promise<T[]>;
  get(actor: User, videoId: number, itemId: number): Promise<T>;
  /** Creates (itemId null) or updates the item from the form. */
  save(actor: User, videoId: number, itemId: number | null, form: SubmittedForm): Promise<unknown>;
  remove(actor: User, videoId: number, itemId: number): Promise<void>;
  valuesOf(item: T): Record<string, string>;
}

const value = (form: SubmittedForm, name: string) => form.values[name] ?? '';
const checked = (form: SubmittedForm, name: string) => (form.values[name] === 'true' ? 'true' : 'false');

function chapterController(service: EnrichmentService): SectionController<Chapter> {
  return {
    view: chapterView,
    maxFileBytes: 0,
    list: (actor, videoId) => service.chapters.list(actor, videoId),
    get: (actor, videoId, id) => service.chapters.get(actor, videoId, id),
    async save(actor, videoId, id, form) {
      const body = parseFields(chapterBody, { title: value(form, 'title'), start: value(form, 'start') }, '');
      return id === null ? service.chapters.create(actor, videoId, body) : service.chapters.update(actor, videoId, id, body);
    },
    remove: (actor, videoId, id) => service.chapters.remove(actor, videoId, id),
    valuesOf: formValues.chapters,
  };
}

function trackController(service: EnrichmentService): SectionController<Track> {
  return {
    view: trackView,
    maxFileBytes: TRACK_MAX_BYTES,
    list: (actor, videoId) => service.tracks.list(actor, videoId),
    get: (actor, videoId, id) => service.tracks.get(actor, videoId, id),
    async save(actor, videoId, id, form) {
      const body = parseFields(trackFields, { kind: value(form, 'kind'), lang: value(form, 'lang'), label: value(form, 'label') }, '');
      if (id !== null) return service.tracks.update(actor, videoId, id, { ...body, label: body.label ?? '', ...(form.file ? { file: await incomingSubtitles(form.file) } : {}) });
      if (!form.file) throw new ValidationError('file_missing', 'Choose the subtitle file.', { fields: [{ path: 'file', message: 'Choose the subtitle file.' }] });
      return service.tracks.create(actor, videoId, { ...body, file: await incomingSubtitles(form.file) });
    },
    remove: (actor, videoId, id) => service.tracks.remove(actor, videoId, id),
    valuesOf: formValues.tracks,
  };
}

function enrichmentController(service: EnrichmentService): SectionController<Enrichment> {
  return {
    view: enrichmentView,
    maxFileBytes: ENRICHMENT_FILE_MAX_BYTES,
    list: (actor, videoId) => service.enrichments.list(actor, videoId),
    get: (actor, videoId, id) => service.enrichments.get(actor, videoId, id),
    async save(actor, videoId, id, form) {
      const type = value(form, 'type');
      // The payload field of the chosen type only: what was typed in the others is ignored.
      const payload = ['richtext', 'weblink', 'embed'].includes(type) ? { [type]: value(form, type) } : {};
      const candidate = { title: value(form, 'title'), type, start: value(form, 'start'), end: value(form, 'end'), stop_video: checked(form, 'stop_video'), ...payload };
      const input = await toEnrichmentPatch(parseFields(enrichmentBody, candidate, ''), form.file);
      return id === null ? service.enrichments.create(actor, videoId, input as Parameters<typeof service.enrichments.create>[2]) : service.enrichments.update(actor, videoId, id, input);
    },
    remove: (actor, videoId, id) => service.enrichments.remove(actor, videoId, id),
    valuesOf: formValues.enrichments,
  };
}

function overlayController(service: EnrichmentService): SectionController<Overlay> {
  return {
    view: overlayView,
    maxFileBytes: 0,
    list: (actor, videoId) => service.overlays.list(actor, videoId),
    get: (actor, videoId, id) => service.overlays.get(actor, videoId, id),
    async save(actor, videoId, id, form) {
      const candidate = { title: value(form, 'title'), content: value(form, 'content'), position: value(form, 'position'), background: checked(form, 'background'), start: value(form, 'start'), end: value(form, 'end') };
      const body = parseFields(overlayBody, candidate, '');
      return id === null ? service.overlays.create(actor, videoId, body) : service.overlays.update(actor, videoId, id, body);
    },
    remove: (actor, videoId, id) => service.overlays.remove(actor, videoId, id),
    valuesOf: formValues.overlays,
  };
}

export function sectionControllers(service: EnrichmentService) {
  return { chapters: chapterController(service), tracks: trackController(service), enrichments: enrichmentController(service), overlays: overlayController(service) };
}

/** Refusals shown next to the form's fields; anything else (not an owner, no such video) goes to the error page. */
export function isFormRefusal(error: unknown): error is AppError {
  return error instanceof AppError && ['validation', 'conflict', 'payload_too_large', 'unsupported_media'].includes(error.kind);
}

function describe(req: Request, error: AppError): string {
  const detail = localisedDetail(req, error);
  const reason = `enrichments.vtt.${String(error.details.params?.problem ?? '')}`;
  return error.code === 'track_invalid_vtt' && isMessageKey(reason) ? `${detail} ${req.t(reason)}` : detail;
}

/** A refusal as problems of the form's fields, in the page's language. */
export function formProblems(req: Request, error: AppError): FormProblem[] {
  const fields = error.details.fields ?? [];
  if (error.code === 'validation_failed') {
    return fields.map((field) => {
      const key = `enrichments.invalid.${field.path}`;
      return { path: field.path, message: isMessageKey(key) ? req.t(key) : field.message };
    });
  }
  const message = describe(req, error);
  const paths = [...new Set(fields.map((field) => field.path))];
  return paths.length ? paths.map((path) => ({ path, message })) : [{ path: '', message }];
}
