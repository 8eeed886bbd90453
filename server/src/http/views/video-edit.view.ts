import type { Request } from 'express';
import type { EncodingJob } from '../../domain/encoding/encoding-job.js';
import { LICENCES, type Video } from '../../domain/videos/video.js';
import type { Discipline, VideoType } from '../../domain/videos/reference-data-repository.js';
import { formatBytes } from './format.js';
import { html, type SafeHtml } from './html.js';
import { encodingAnnouncer, isLiveStatus, liveAttributes } from './encoding-state.view.js';
import { renderPage } from './layout.view.js';
import { accessFields, shareLinksSection } from './video-access.view.js';
import type { AccessGroup, Course } from '../../domain/access/access-repository.js';
import type { ShareLink } from '../../domain/access/share-link-service.js';
import { statusBadge } from './status-badge.view.js';
import { encodingSection } from './video-encoding.view.js';
import { videoSectionNav } from './video-sections.view.js';

const LANGUAGES: Record<string, { fr: string; en: string }> = {
  fr: { fr: 'Français', en: 'French' },
  en: { fr: 'Anglais', en: 'English' },
  de: { fr: 'Allemand', en: 'German' },
  es: { fr: 'Espagnol', en: 'Spanish' },
  it: { fr: 'Italien', en: 'Italian' },
  pt: { fr: 'Portugais', en: 'Portuguese' },
  ar: { fr: 'Arabe', en: 'Arabic' },
  zh: { fr: 'Chinois', en: 'Chinese' },
  br: { fr: 'Breton', en: 'Breton' },
  oc: { fr: 'Occitan', en: 'Occitan' },
};

export interface EditPageOptions {
  readonly video: Video;
  readonly types: readonly VideoType[];
  readonly disciplines: readonly Discipline[];
  readonly problems?: readonly { path: string; message: string }[];
  readonly conflict?: boolean;
  /** The video's latest encoding job, with its log. */
  readonly job?: EncodingJob | null;
  /** Access groups of the site and courses the editor may restrict to. */
  readonly groups?: readonly AccessGroup[];
  readonly courses?: readonly Course[];
  readonly shareLinks?: readonly ShareLink[];
  readonly publicUrl?: string;
}

function checkbox(name: string, label: string, checked: boolean): SafeHtml {
  return html`<div class="check"><input type="checkbox" id="${name}" name="${name}" value="true" ${checked ? 'checked' : ''}><label for="${name}">${label}</label></div>`;
}

export function renderVideoEditPage(req: Request, csrf: string, options: EditPageOptions): string {
  const { video, types, disciplines, problems = [] } = options;
  const t = req.t;
  const problemFor = (field: string) => problems.filter((p) => p.path.endsWith(field)).map((p) => p.message).join('; ');
  const fieldError = (field: string) => {
    const text = problemFor(field);
    return text ? html`<p class="field-error" id="${field}-error">${text}</p>` : '';
  };
  const describedBy = (field: string, help?: string) => {
    const ids = [help, problemFor(field) ? `${field}-error` : undefined].filter(Boolean).join(' ');
    return ids ? html`aria-describedby="${ids}"` : '';
  };
  const mainLangs = Object.keys(LANGUAGES).includes(video.mainLang) ? Object.keys(LANGUAGES) : [video.mainLang, ...Object.keys(LANGUAGES)];
  return renderPage(req, csrf, {
    title: t('edit.title', { title: video.title }),
    scripts: ['/assets/pages.js'],
    body: html`<h1>${t('edit.title', { title: video.title })}</h1>
      ${videoSectionNav(req, video.id, 'edit')}
      ${options.conflict ? html`<p class="flash flash-error" role="alert">${t('edit.conflict')}</p>` : ''}
      ${problems.length && !options.conflict ? html`<p class="flash flash-error" role="alert">${t('error.validation_failed')}</p>` : ''}
      <p${liveAttributes(video)}>${statusBadge(req, video.status)} · <code>${video.slug}</code></p>
      <form method="post" action="/my/videos/${video.id}/edit" class="stack">
        <input type="hidden" name="_csrf" value="${csrf}">
        <input type="hidden" name="version" value="${video.version}">
        <label for="title">${t('edit.fieldTitle')}</label>
        <input id="title" name="title" required maxlength="250" value="${video.title}" ${describedBy('title')}>
        ${fieldError('title')}
        <label for="description">${t('edit.description')}</label>
        <textarea id="description" name="description" rows="6" ${describedBy('description', 'description-help')}>${video.description}</textarea>
        <p class="help" id="description-help">${t('edit.descriptionHelp')}</p>
        <label for="type_id">${t('edit.type')}</label>
        <select id="type_id" name="type_id">${types.map((type) => html`<option value="${type.id}" ${type.id === video.typeId ? 'selected' : ''}>${type.title}</option>`)}</select>
        <label for="tags">${t('edit.tags')}</label>
        <input id="tags" name="tags" value="${video.tags.join(', ')}" ${describedBy('tags', 'tags-help')}>
        <p class="help" id="tags-help">${t('edit.tagsHelp')}</p>
        ${fieldError('tags')}
        ${disciplines.length
          ? html`<fieldset><legend>${t('edit.disciplines')}</legend>${disciplines.map(
              (d) => html`<div class="check"><input type="checkbox" id="discipline-${d.id}" name="disciplines" value="${d.id}" ${video.disciplineIds.includes(d.id) ? 'checked' : ''}><label for="discipline-${d.id}">${d.title}</label></div>`,
            )}</fieldset>`
          : ''}
        <label for="licence">${t('edit.licence')}</label>
        <select id="licence" name="licence">
          <option value="">${t('edit.licenceNone')}</option>
          ${LICENCES.map((licence) => html`<option value="${licence}" ${licence === video.licence ? 'selected' : ''}>CC ${licence.toUpperCase()}</option>`)}
        </select>
        <label for="main_lang">${t('edit.mainLang')}</label>
        <select id="main_lang" name="main_lang">${mainLangs.map((code) => html`<option value="${code}" ${code === video.mainLang ? 'selected' : ''}>${LANGUAGES[code]?.[req.locale] ?? code}</option>`)}</select>
        <label for="date_evt">${t('edit.dateEvt')}</label>
        <input id="date_evt" name="date_evt" type="date" value="${video.dateEvt ?? ''}" ${describedBy('date_evt')}>
        ${fieldError('date_evt')}
        ${checkbox('is_draft', t('edit.isDraft'), video.isDraft)}
        ${checkbox('is_restricted', t('edit.isRestricted'), video.isRestricted)}
        ${accessFields(req, video, options.groups ?? [], options.courses ?? [])}
        ${fieldError('restrict_access_to_groups')}${fieldError('courses')}
        ${checkbox('allow_downloading', t('edit.allowDownloading'), video.allowDownloading)}
        <label for="password">${t('edit.password')}</label>
        <input id="password" name="password" type="password" autocomplete="new-password" maxlength="128" aria-describedby="password-help">
        <p class="help" id="password-help">${video.hasPassword ? t('edit.passwordHelpSet') : t('edit.passwordHelpNone')}</p>
        ${video.hasPassword ? checkbox('remove_password', t('edit.removePassword'), false) : ''}
        <label for="additional_owners">${t('edit.additionalOwners')}</label>
        <input id="additional_owners" name="additional_owners" value="${video.additionalOwners.map((o) => o.username).join(', ')}" ${describedBy('additional_owners', 'owners-help')}>
        <p class="help" id="owners-help">${t('edit.additionalOwnersHelp')}</p>
        ${fieldError('additional_owners')}
        <div class="form-actions"><button type="submit" class="primary">${t('edit.save')}</button> <a href="/my/videos">${t('edit.cancel')}</a></div>
      </form>
      <section aria-labelledby="source-heading">
        <h2 id="source-heading">${t('edit.source')}</h2>
        <p>${video.source ? html`${video.source.filename} (${formatBytes(video.source.size, req.locale)})` : t('edit.noSource')}</p>
        <p><a href="/my/videos/upload?video=${video.id}">${t('edit.replaceSource')}</a></p>
      </section>
      ${shareLinksSection(req, csrf, video, options.shareLinks ?? [], options.publicUrl ?? '')}
      ${encodingSection(req, csrf, video, options.job ?? null)}
      ${isLiveStatus(video.status) ? encodingAnnouncer(req) : ''}
`,
  });
}
