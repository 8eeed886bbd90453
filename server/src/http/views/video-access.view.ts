import type { Request } from 'express';
import type { AccessGroup, Course } from '../../domain/access/access-repository.js';
import type { ShareLink } from '../../domain/access/share-link-service.js';
import type { Video } from '../../domain/videos/video.js';
import { html, type SafeHtml } from './html.js';

/** The edit form's "who can watch" fields beyond draft/restricted/password: groups and courses. */
export function accessFields(req: Request, video: Video, groups: readonly AccessGroup[], courses: readonly Course[]): SafeHtml {
  const t = req.t;
  const chosenGroups = new Set(video.accessGroups.map((group) => group.id));
  const chosenCourses = new Set(video.courses.map((course) => course.id));
  const courseChoices = [...courses, ...video.courses.filter((course) => !courses.some((c) => c.id === course.id))];
  return html`<input type="hidden" name="access_fields" value="1">
    <fieldset aria-describedby="groups-help">
      <legend>${t('access.groups')}</legend>
      <p class="help" id="groups-help">${t('access.groupsHelp')}</p>
      ${groups.length
        ? groups.map(
            (group) =>
              html`<div class="check"><input type="checkbox" id="group-${group.id}" name="restrict_access_to_groups" value="${group.codeName}" ${chosenGroups.has(group.id) ? 'checked' : ''}><label for="group-${group.id}">${group.displayName || group.codeName} <code>${group.codeName}</code></label></div>`,
          )
        : html`<p>${t('access.noGroups')}</p>`}
    </fieldset>
    ${courseChoices.length
      ? html`<fieldset aria-describedby="courses-help">
          <legend>${t('access.courses')}</legend>
          <p class="help" id="courses-help">${t('access.coursesHelp')}</p>
          ${courseChoices.map(
            (course) =>
              html`<div class="check"><input type="checkbox" id="course-${course.id}" name="courses" value="${course.id}" ${chosenCourses.has(course.id) ? 'checked' : ''}><label for="course-${course.id}">${course.title || course.label}${course.label && course.title ? html` (${course.label})` : ''}</label></div>`,
          )}
        </fieldset>`
      : ''}`;
}

/** Share links: list with copy and revoke, and a form to create one. */
export function shareLinksSection(req: Request, csrf: string, video: Video, links: readonly ShareLink[], publicUrl: string): SafeHtml {
  const t = req.t;
  const url = (link: ShareLink) => `${publicUrl}/video/${video.slug}/${link.token}/`;
  return html`<section aria-labelledby="share-heading" class="share-links">
    <h2 id="share-heading">${t('access.shareLinks')}</h2>
    <p class="help">${t('access.shareLinksHelp')}</p>
    ${links.length
      ? html`<ul>${links.map(
          (link) => html`<li>
            <span>${link.label || '—'}</span>
            ${link.revokedAt
              ? html`<span class="badge">${t('access.revoked')}</span>`
              : html`<input type="text" readonly id="share-${link.id}" value="${url(link)}" aria-label="${link.label || t('access.shareLinks')}">
                <button type="button" data-copy="share-${link.id}" data-copied="${t('watch.copied')}">${t('watch.copyLink')}</button>
                <form method="post" action="/my/videos/${video.id}/share-links/${link.id}/revoke" class="inline">
                  <input type="hidden" name="_csrf" value="${csrf}">
                  <button type="submit">${t('access.revoke')}</button>
                </form>`}
          </li>`,
        )}</ul><p class="copy-status" role="status" aria-live="polite"></p>`
      : html`<p>${t('access.noShareLinks')}</p>`}
    <form method="post" action="/my/videos/${video.id}/share-links" class="inline">
      <input type="hidden" name="_csrf" value="${csrf}">
      <label for="share-label">${t('access.shareLabel')}</label>
      <input id="share-label" name="label" maxlength="100">
      <button type="submit">${t('access.createShareLink')}</button>
    </form>
  </section>`;
}
