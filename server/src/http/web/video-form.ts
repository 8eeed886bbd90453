import { z } from 'zod';
import type { VideoPatch } from '../../domain/videos/video.js';
import { patchVideoBody, toVideoPatch } from '../api/videos.schemas.js';

/** The edit form's strings → the API's field shapes, validated by the same schema as PATCH. */
const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? [value] : []);
const csv = (value: unknown): string[] =>
  String(value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function parseVideoForm(form: Record<string, unknown>): { patch: VideoPatch } | { problems: { path: string; message: string }[] } {
  const password = typeof form.password === 'string' && form.password !== '' ? form.password : undefined;
  const candidate = {
    title: String(form.title ?? ''),
    description: String(form.description ?? ''),
    type_id: Number(form.type_id),
    tags: csv(form.tags),
    disciplines: list(form.disciplines).map(Number),
    licence: form.licence ? String(form.licence) : null,
    main_lang: String(form.main_lang ?? ''),
    date_evt: form.date_evt ? String(form.date_evt) : null,
    is_draft: form.is_draft === 'true',
    is_restricted: form.is_restricted === 'true',
    allow_downloading: form.allow_downloading === 'true',
    additional_owners: csv(form.additional_owners),
    ...(form.access_fields === '1' ? { restrict_access_to_groups: list(form.restrict_access_to_groups), courses: list(form.courses).map(Number) } : {}),
    ...(form.remove_password === 'true' ? { password: null } : password !== undefined ? { password } : {}),
  };
  const parsed = patchVideoBody.safeParse(candidate);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) };
  return { patch: toVideoPatch(parsed.data as z.infer<typeof patchVideoBody>) };
}

