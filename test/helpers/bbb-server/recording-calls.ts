/**
 * getRecordings, publishRecordings, deleteRecordings, updateRecordings (docs development/api.md
 * and data/getRecordings.tsx; element shapes from bbb-common-web Recording.scala and the docs
 * example; the empty answer from RecMetaXmlHelper: SUCCESS, `<recordings/>`, noRecordings).
 */
import { sha1Hex, type DoubleContext } from './double-context.js';
import { playbackUrl } from './scalelite-protection.js';
import type { DoubleRecording, PlaybackFormatType, RecordingState } from './types.js';
import { el, failed, metadataXml, notice, success, wrap, type ApiAnswer } from './xml.js';

function commaList(value: string | null): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function lowerKeys(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}

/** recordID (prefixes allowed) wins over meetingID; states default to published + unpublished. */
function filterRecordings(ctx: DoubleContext, params: URLSearchParams): DoubleRecording[] {
  const recordIDs = commaList(params.get('recordID'));
  const meetingIDs = commaList(params.get('meetingID'));
  let found = [...ctx.recordings.values()];
  if (recordIDs.length > 0) found = found.filter((r) => recordIDs.some((id) => r.recordID.startsWith(id)));
  else if (meetingIDs.length > 0) found = found.filter((r) => meetingIDs.includes(r.meetingID));
  const states = commaList(params.get('state'));
  if (!states.includes('any')) {
    const wanted = states.length > 0 ? states : ['published', 'unpublished'];
    found = found.filter((r) => wanted.includes(r.state));
  }
  for (const [name, value] of params) {
    if (!name.startsWith('meta_')) continue;
    const key = name.slice(5).toLowerCase();
    found = found.filter((r) => lowerKeys(r.metadata)[key] === value);
  }
  return found.sort((a, b) => a.startTime.getTime() - b.startTime.getTime() || a.recordID.localeCompare(b.recordID));
}

/** offset ≥ 0 and limit 1–100 (BBB 2.6); values outside those ranges are ignored here. */
function page(recordings: DoubleRecording[], params: URLSearchParams): DoubleRecording[] {
  const number = (name: string) => (/^\d+$/.test(params.get(name) ?? '') ? Number(params.get(name)) : undefined);
  const offset = number('offset') ?? 0;
  const limit = number('limit');
  return recordings.slice(offset, limit !== undefined && limit >= 1 && limit <= 100 ? offset + limit : undefined);
}

function previewXml(ctx: DoubleContext, r: DoubleRecording): string {
  const presentation = `${sha1Hex(r.recordID)}-${r.startTime.getTime()}`;
  const alts = ['Welcome to', '(this slide left blank for use as a whiteboard)', '(this slide left blank for use as a whiteboard)'];
  const images = alts.map(
    (alt, i) => `<image width="176" height="136" alt="${alt}">${ctx.origin}/presentation/${r.recordID}/presentation/${presentation}/thumbnails/thumb-${i + 1}.png</image>`,
  );
  return `<preview><images>${images.join('')}</images></preview>`;
}

function formatXml(ctx: DoubleContext, r: DoubleRecording, type: PlaybackFormatType): string {
  const lengthMinutes = Math.floor((r.endTime.getTime() - r.startTime.getTime()) / 60000);
  const inner = [
    el('type', type),
    el('url', playbackUrl(ctx, r, type)),
    el('processingTime', r.processingTime),
    el('length', lengthMinutes),
    type === 'video' ? el('size', r.mediaSize) : '',
    type === 'presentation' ? previewXml(ctx, r) : '',
  ];
  return `<format>${inner.join('')}</format>`;
}

function recordingXml(ctx: DoubleContext, r: DoubleRecording): string {
  const hasPlayback = r.state !== 'processing' && r.state !== 'processed';
  const inner = [
    el('recordID', r.recordID),
    el('meetingID', r.meetingID),
    el('internalMeetingID', r.recordID),
    el('name', r.name),
    el('isBreakout', false),
    el('published', r.state === 'published'),
    r.viaToken ? el('protected', true) : '',
    el('state', r.state),
    el('startTime', r.startTime.getTime()),
    el('endTime', r.endTime.getTime()),
    el('participants', r.participants),
    el('rawSize', r.mediaSize),
    metadataXml(r.metadata),
    wrap('playback', hasPlayback ? r.formats.map((type) => formatXml(ctx, r, type)).join('') : ''),
  ];
  return `<recording>${inner.join('')}</recording>`;
}

export function getRecordings(ctx: DoubleContext, params: URLSearchParams): ApiAnswer {
  const found = page(filterRecordings(ctx, params), params);
  if (found.length === 0) return success(`<recordings/>${notice('noRecordings', 'There are no recordings for the meeting(s).')}`);
  return success(`<recordings>${found.map((r) => recordingXml(ctx, r)).join('')}</recordings>`);
}

const MISSING_RECORD_ID = failed('missingParamRecordID', 'You must specify one or more a record IDs.');
const NOT_FOUND = failed('notFound', 'We could not find recordings');

/** The recordings named exactly by the recordID list, or the FAILED answer. */
function named(ctx: DoubleContext, params: URLSearchParams): DoubleRecording[] | ApiAnswer {
  const ids = commaList(params.get('recordID'));
  if (ids.length === 0) return MISSING_RECORD_ID;
  const found = ids.map((id) => ctx.recordings.get(id)).filter((r): r is DoubleRecording => r !== undefined);
  return found.length === 0 ? NOT_FOUND : found;
}

export function publishRecordings(ctx: DoubleContext, params: URLSearchParams): ApiAnswer {
  if (!params.get('recordID')) return MISSING_RECORD_ID;
  const publish = params.get('publish');
  if (publish !== 'true' && publish !== 'false') return failed('missingParamPublish', 'You must specify a publish value true or false.');
  const found = named(ctx, params);
  if (!Array.isArray(found)) return found;
  const [from, to]: [RecordingState, RecordingState] = publish === 'true' ? ['unpublished', 'published'] : ['published', 'unpublished'];
  for (const r of found) if (r.state === from) r.state = to;
  return success(el('published', publish));
}

export function deleteRecordings(ctx: DoubleContext, params: URLSearchParams): ApiAnswer {
  const found = named(ctx, params);
  if (!Array.isArray(found)) return found;
  for (const r of found) r.state = 'deleted';
  return success(el('deleted', true));
}

/** meta_<key>=<value> sets the key (lower-cased), an empty value removes it. */
export function updateRecordings(ctx: DoubleContext, params: URLSearchParams): ApiAnswer {
  const found = named(ctx, params);
  if (!Array.isArray(found)) return found;
  for (const [name, value] of params) {
    if (!name.startsWith('meta_')) continue;
    const key = name.slice(5).toLowerCase();
    for (const r of found) {
      if (value === '') delete r.metadata[key];
      else r.metadata[key] = value;
    }
  }
  return success(el('updated', true));
}
