import { z } from 'zod';
import { TYPE_DESCRIPTION_MAX, TYPE_TITLE_MAX } from '../../server/src/domain/bridge/bridge-directory.js';
import { list, optional, required, text } from './drf-fields.js';
import { hyperlink } from './hyperlink.js';

/** `POST /rest/types/`: a title, a description; `sites`, when sent, may only name the key's site. */
export function typeCreateBody(publicUrl: string) {
  return z.object({
    title: required(text({ max: TYPE_TITLE_MAX })),
    description: optional(text({ max: TYPE_DESCRIPTION_MAX, allowBlank: true })),
    sites: optional(list(hyperlink('sites', publicUrl), { allowEmpty: false })),
  });
}
