import { z } from 'zod';
import { DESCRIPTION_MAX_LENGTH, LICENCES, TAG_MAX_LENGTH, TAGS_MAX_COUNT, TITLE_MAX_LENGTH, type VideoPatch } from '../../server/src/domain/videos/video.js';
import type { LinkedIds, LinkedObjects, LinkCheck } from '../http/pod-relations.js';
import { PASSWORD_MASK } from '../presenters/video.presenter.js';
import { boolean, char, choiceOrNull, dateOrNull, DRF_MESSAGES, fail, list, ok, optional, required, text, type FieldParser } from './drf-fields.js';
import { hyperlink } from './hyperlink.js';

/** Fields whose repeated form values make a list. */
export const VIDEO_LIST_FIELDS = ['sites', 'additional_owners', 'restrict_access_to_groups', 'discipline', 'tags'];

export const PASSWORD_MAX_LENGTH = 128;

/** Tags as a list, a comma-separated text, or both (each item is split on commas). */
const tags: FieldParser<string[]> = (value) => {
  const items = list(text({ max: 10_000, allowBlank: true }))(value);
  if (!items.ok) return items;
  const split = items.value.flatMap((item) => item.split(',')).map((tag) => tag.trim()).filter(Boolean);
  if (split.some((tag) => [...tag].length > TAG_MAX_LENGTH)) return fail(DRF_MESSAGES.maxLength(TAG_MAX_LENGTH));
  if (split.length > TAGS_MAX_COUNT) return fail(DRF_MESSAGES.maxItems(TAGS_MAX_COUNT));
  return ok(split);
};

/** Pod's main_lang is a choice of language codes; Lectern takes any two-letter code. */
const language: FieldParser<string> = (value) => {
  const parsed = text({ max: 2 })(value);
  if (!parsed.ok) return typeof value === 'string' ? fail(DRF_MESSAGES.choice(value)) : parsed;
  return /^[a-z]{2}$/.test(parsed.value.toLowerCase()) ? ok(parsed.value.toLowerCase()) : fail(DRF_MESSAGES.choice(value));
};

/**
 * Pod's VideoSerializer on write. `create` and `replace` (PUT) need a title and an owner;
 * `patch` needs nothing. Relations are hyperlinks (or ids). The `video` file is not a field
 * here: it comes as a multipart part (a text value, such as the URL a GET returned, is ignored).
 * Read-only and unknown fields are ignored, as DRF does. `type` defaults to Lectern's default
 * type and `sites` to the key's site (the only one it may name).
 */
export function videoWriteBody(publicUrl: string, mode: 'create' | 'replace' | 'patch') {
  const need = mode === 'patch' ? optional : required;
  return z.object({
    title: need(text({ max: TITLE_MAX_LENGTH })),
    owner: need(hyperlink('users', publicUrl)),
    type: optional(hyperlink('types', publicUrl)),
    sites: optional(list(hyperlink('sites', publicUrl), { allowEmpty: false })),
    description: optional(text({ max: DESCRIPTION_MAX_LENGTH, allowBlank: true, trim: false })),
    allow_downloading: optional(boolean),
    is_draft: optional(boolean),
    is_restricted: optional(boolean),
    date_evt: optional(dateOrNull),
    main_lang: optional(language),
    licence: optional(choiceOrNull(LICENCES)),
    tags: optional(tags),
    additional_owners: optional(list(hyperlink('users', publicUrl))),
    restrict_access_to_groups: optional(list(hyperlink('accessgroups', publicUrl))),
    discipline: optional(list(hyperlink('discipline', publicUrl))),
    password: optional(char({ max: PASSWORD_MAX_LENGTH, allowBlank: true, allowNull: true, trim: false })),
  });
}

export type VideoWriteBody = z.infer<ReturnType<typeof videoWriteBody>>;

/** What the body links to, to check that it exists on the key's site. */
export function videoLinks(body: VideoWriteBody): LinkedIds {
  return {
    users: [...(body.owner === undefined ? [] : [body.owner]), ...(body.additional_owners ?? [])],
    types: body.type === undefined ? [] : [body.type],
    sites: body.sites ?? [],
    groups: body.restrict_access_to_groups ?? [],
    disciplines: body.discipline ?? [],
  };
}

export function videoLinkChecks(body: VideoWriteBody, linked: LinkedObjects): LinkCheck[] {
  return [
    { field: 'owner', ids: body.owner === undefined ? undefined : [body.owner], known: linked.users },
    { field: 'additional_owners', ids: body.additional_owners, known: linked.users },
    { field: 'type', ids: body.type === undefined ? undefined : [body.type], known: linked.types },
    { field: 'sites', ids: body.sites, known: linked.sites },
    { field: 'restrict_access_to_groups', ids: body.restrict_access_to_groups, known: linked.groups },
    { field: 'discipline', ids: body.discipline, known: linked.disciplines },
  ];
}

/** The body as the domain's fields (users by username, groups by code name, as the video service takes them). */
export function toVideoPatch(body: VideoWriteBody, linked: LinkedObjects): VideoPatch {
  const password = body.password === PASSWORD_MASK ? undefined : body.password === '' ? null : body.password;
  const entries: Partial<Record<keyof VideoPatch, unknown>> = {
    ownerId: body.owner,
    title: body.title,
    typeId: body.type,
    description: body.description,
    allowDownloading: body.allow_downloading,
    isDraft: body.is_draft,
    isRestricted: body.is_restricted,
    dateEvt: body.date_evt,
    mainLang: body.main_lang,
    licence: body.licence,
    tags: body.tags,
    additionalOwners: body.additional_owners?.map((id) => linked.users.get(id)!.username),
    accessGroups: body.restrict_access_to_groups?.map((id) => linked.groups.get(id)!.codeName),
    disciplineIds: body.discipline,
    password,
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as VideoPatch;
}
