import { z } from 'zod';
import { recordId } from '../record-id.js';
import { LICENCES, TAG_MAX_LENGTH, TAGS_MAX_COUNT, TITLE_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, type VideoPatch } from '../../domain/videos/video.js';

/** Counts code points, as PostgreSQL's length() does: an emoji is one character. */
const codePoints = (text: string) => [...text].length;

const title = z
  .string()
  .transform((text) => text.trim())
  .refine((text) => text.length > 0, 'must not be empty')
  .refine((text) => codePoints(text) <= TITLE_MAX_LENGTH, `at most ${TITLE_MAX_LENGTH} characters`)
  .refine((text) => !/\p{Cc}/u.test(text), 'must not contain control characters');

const tags = z.union([
  z.array(z.string().max(TAG_MAX_LENGTH)).max(TAGS_MAX_COUNT),
  z.string().transform((text) => text.split(',')).pipe(z.array(z.string().max(TAG_MAX_LENGTH)).max(TAGS_MAX_COUNT)),
]);

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'is not a real date');

export const videoFieldsBody = z
  .object({
    title,
    description: z.string().max(DESCRIPTION_MAX_LENGTH),
    type_id: z.number().int().positive(),
    tags,
    disciplines: z.array(z.number().int().positive()).max(50),
    licence: z.enum(LICENCES).nullable(),
    main_lang: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code'),
    date_evt: isoDate.nullable(),
    is_draft: z.boolean(),
    is_restricted: z.boolean(),
    password: z.string().min(1).max(128).nullable().describe('Set a viewing password; null removes it'),
    allow_downloading: z.boolean(),
    additional_owners: z.array(z.string().min(1).max(150)).max(50).describe('Usernames'),
    restrict_access_to_groups: z.array(z.string().min(1).max(250)).max(100).describe('Access group code names: only their members (and the courses\' members) may watch'),
    courses: z.array(z.number().int().positive()).max(100).describe('LMS course ids: only their members (and the groups\' members) may watch'),
  })
  .strict();

export const createVideoBody = videoFieldsBody.partial().required({ title: true });
export const patchVideoBody = videoFieldsBody.partial().refine((body) => Object.keys(body).length > 0, 'send at least one field to change');

export const videoIdParams = z.object({ id: recordId });

export const videoListQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(100).default(20),
  search: z.string().max(200).optional(),
  scope: z.enum(['mine', 'all']).default('mine'),
});

type FieldsBody = Partial<z.infer<typeof videoFieldsBody>>;

/** snake_case wire fields → the domain's VideoPatch. */
export function toVideoPatch(body: FieldsBody): VideoPatch {
  const patch: Record<string, unknown> = {
    title: body.title,
    description: body.description,
    typeId: body.type_id,
    tags: body.tags,
    disciplineIds: body.disciplines,
    licence: body.licence,
    mainLang: body.main_lang,
    dateEvt: body.date_evt,
    isDraft: body.is_draft,
    isRestricted: body.is_restricted,
    password: body.password,
    allowDownloading: body.allow_downloading,
    additionalOwners: body.additional_owners,
    accessGroups: body.restrict_access_to_groups,
    courseIds: body.courses,
  };
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as VideoPatch;
}
