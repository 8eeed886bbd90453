import type { Request } from 'express';
import type { AccessGroup } from '../../domain/access/access-repository.js';
import type { UserRef } from '../../domain/videos/video.js';
import { html } from './html.js';
import { renderPage } from './layout.view.js';

/** /admin/groups: every access group, and a form to create one. */
export function renderAdminGroupsPage(req: Request, csrf: string, groups: readonly AccessGroup[], problem: string | null = null): string {
  const t = req.t;
  return renderPage(req, csrf, {
    title: t('groups.title'),
    scripts: ['/assets/pages.js'],
    body: html`<h1>${t('groups.title')}</h1>
      ${groups.length
        ? html`<table>
            <thead><tr><th scope="col">${t('groups.codeName')}</th><th scope="col">${t('groups.displayName')}</th><th scope="col">${t('groups.members')}</th></tr></thead>
            <tbody>${groups.map(
              (group) => html`<tr><td><a href="/admin/groups/${encodeURIComponent(group.codeName)}"><code>${group.codeName}</code></a></td><td>${group.displayName}</td><td>${group.memberCount}</td></tr>`,
            )}</tbody>
          </table>`
        : html`<p>${t('groups.none')}</p>`}
      <form method="post" action="/admin/groups" class="stack">
        <input type="hidden" name="_csrf" value="${csrf}">
        ${problem ? html`<p class="field-error" id="group-error" role="alert">${problem}</p>` : ''}
        <label for="code_name">${t('groups.codeName')}</label>
        <input id="code_name" name="code_name" required maxlength="250" ${problem ? html`aria-invalid="true" aria-describedby="group-error"` : ''}>
        <label for="display_name">${t('groups.displayName')}</label>
        <input id="display_name" name="display_name" maxlength="250">
        <div class="form-actions"><button type="submit" class="primary">${t('groups.create')}</button></div>
      </form>`,
  });
}

/** /admin/groups/<code>: members, adding and removing them, deleting the group. */
export function renderAdminGroupPage(req: Request, csrf: string, group: AccessGroup, members: readonly UserRef[], problem: string | null = null): string {
  const t = req.t;
  const base = `/admin/groups/${encodeURIComponent(group.codeName)}`;
  return renderPage(req, csrf, {
    title: group.displayName || group.codeName,
    scripts: ['/assets/pages.js'],
    body: html`<p><a href="/admin/groups">${t('groups.title')}</a></p>
      <h1>${group.displayName || group.codeName} <code>${group.codeName}</code></h1>
      <h2>${t('groups.members')} (${members.length})</h2>
      <ul>${members.map(
        (member) => html`<li>${member.username} ${`${member.firstName} ${member.lastName}`.trim()}
          <form method="post" action="${base}/members/remove" class="inline">
            <input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="usernames" value="${member.username}">
            <button type="submit" aria-label="${t('groups.remove')} ${member.username}">${t('groups.remove')}</button>
          </form></li>`,
      )}</ul>
      <form method="post" action="${base}/members" class="stack">
        <input type="hidden" name="_csrf" value="${csrf}">
        ${problem ? html`<p class="field-error" id="members-error" role="alert">${problem}</p>` : ''}
        <label for="usernames">${t('groups.addMembers')}</label>
        <input id="usernames" name="usernames" required ${problem ? html`aria-invalid="true" aria-describedby="members-error"` : ''}>
        <div class="form-actions"><button type="submit">${t('groups.add')}</button></div>
      </form>
      <form method="post" action="${base}/delete" data-confirm="${t('groups.confirmDelete')}">
        <input type="hidden" name="_csrf" value="${csrf}">
        <button type="submit" class="danger">${t('groups.delete')}</button>
      </form>`,
  });
}
