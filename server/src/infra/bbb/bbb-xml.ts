/**
 * BBB XML answers → Lectern's own types (shared/specs/bbb-xapi-sso.md §1.1, §1.4, §1.5). Values
 * are kept as text by the parser (ids such as `meetingID` can be all digits and must stay
 * strings) and converted here field by field.
 */
import { createXmlTreeReader, type XmlNode } from '../xml/xml-tree.js';
import {
  BbbApiError,
  BbbProtocolError,
  type BbbAttendee,
  type BbbCreateResult,
  type BbbMeetingInfo,
  type BbbNotice,
  type BbbPlaybackFormat,
  type BbbPreviewImage,
  type BbbRecording,
} from '../../domain/meetings/bbb.js';

/** Elements that repeat: always arrays, even with one or zero occurrences. */
const ARRAY_PATHS = new Set([
  'response.attendees.attendee',
  'response.recordings.recording',
  'response.recordings.recording.playback.format',
  'response.recordings.recording.playback.format.preview.images.image',
]);

const reader = createXmlTreeReader({ arrayPaths: ARRAY_PATHS });

/** The `<response>` of a SUCCESS answer; FAILED becomes BbbApiError, anything else BbbProtocolError. */
export function parseBbbEnvelope(body: string): XmlNode {
  const root = reader.parse(body);
  if (root === null) {
    throw new BbbProtocolError(`BigBlueButton answered with something that is not XML: ${JSON.stringify(body.trim().slice(0, 80))}`);
  }
  const response = isNode(root) ? root['response'] : undefined;
  if (!isNode(response)) throw new BbbProtocolError('BigBlueButton answer has no <response> element');
  const returncode = text(response, 'returncode');
  if (returncode === 'FAILED') {
    throw new BbbApiError(text(response, 'messageKey') ?? 'unknownError', text(response, 'message') ?? '');
  }
  if (returncode !== 'SUCCESS') throw new BbbProtocolError(`BigBlueButton answer has returncode ${JSON.stringify(returncode ?? null)}`);
  return response;
}

export function parseCreateResponse(body: string): BbbCreateResult {
  const r = parseBbbEnvelope(body);
  return {
    ...notice(r),
    meetingID: required(r, 'meetingID'),
    internalMeetingID: required(r, 'internalMeetingID'),
    createTime: int(r, 'createTime'),
    ...optional('voiceBridge', text(r, 'voiceBridge')),
    hasUserJoined: bool(r, 'hasUserJoined'),
    hasBeenForciblyEnded: bool(r, 'hasBeenForciblyEnded'),
    duration: int(r, 'duration', 0),
  };
}

export function parseIsMeetingRunningResponse(body: string): boolean {
  const r = parseBbbEnvelope(body);
  if (text(r, 'running') === undefined) throw new BbbProtocolError('isMeetingRunning answer has no <running>');
  return bool(r, 'running');
}

export function parseMeetingInfoResponse(body: string): BbbMeetingInfo {
  const r = parseBbbEnvelope(body);
  return {
    meetingName: text(r, 'meetingName') ?? '',
    meetingID: required(r, 'meetingID'),
    internalMeetingID: required(r, 'internalMeetingID'),
    createTime: int(r, 'createTime'),
    running: bool(r, 'running'),
    recording: bool(r, 'recording'),
    hasBeenForciblyEnded: bool(r, 'hasBeenForciblyEnded'),
    participantCount: int(r, 'participantCount', 0),
    moderatorCount: int(r, 'moderatorCount', 0),
    attendees: nodes(child(r, 'attendees'), 'attendee').map(parseAttendee),
    metadata: textMap(r['metadata']),
  };
}

/** `end` is asynchronous: the answer only says the request was sent (`sentEndMeetingRequest`). */
export function parseEndResponse(body: string): BbbNotice {
  return notice(parseBbbEnvelope(body));
}

export function parseRecordingsResponse(body: string): BbbRecording[] {
  const r = parseBbbEnvelope(body);
  return nodes(child(r, 'recordings'), 'recording').map(parseRecording);
}

export function parsePublishRecordingsResponse(body: string): boolean {
  return flag(parseBbbEnvelope(body), 'published');
}

export function parseDeleteRecordingsResponse(body: string): boolean {
  return flag(parseBbbEnvelope(body), 'deleted');
}

function parseAttendee(a: XmlNode): BbbAttendee {
  return {
    userID: text(a, 'userID') ?? '',
    fullName: text(a, 'fullName') ?? '',
    role: text(a, 'role') ?? 'VIEWER',
    isPresenter: bool(a, 'isPresenter'),
    ...optional('clientType', text(a, 'clientType')),
  };
}

function parseRecording(rec: XmlNode): BbbRecording {
  return {
    recordID: required(rec, 'recordID'),
    meetingID: required(rec, 'meetingID'),
    ...optional('internalMeetingID', text(rec, 'internalMeetingID')),
    name: text(rec, 'name') ?? '',
    state: text(rec, 'state') ?? '',
    published: bool(rec, 'published'),
    startTime: new Date(int(rec, 'startTime')),
    endTime: new Date(int(rec, 'endTime')),
    participants: int(rec, 'participants', 0),
    metadata: textMap(rec['metadata']),
    playback: nodes(child(rec, 'playback'), 'format').map(parseFormat),
  };
}

function parseFormat(f: XmlNode): BbbPlaybackFormat {
  const images = nodes(child(child(f, 'preview'), 'images'), 'image');
  return {
    type: required(f, 'type'),
    url: text(f, 'url') ?? '',
    lengthMinutes: int(f, 'length', 0),
    previewImages: images.map(parseImage),
  };
}

function parseImage(image: XmlNode): BbbPreviewImage {
  const width = image['@_width'];
  const height = image['@_height'];
  const alt = image['@_alt'];
  return {
    url: String(image['#text'] ?? '').trim(),
    ...optional('width', typeof width === 'string' ? toInt(width, 'image width') : undefined),
    ...optional('height', typeof height === 'string' ? toInt(height, 'image height') : undefined),
    ...optional('alt', typeof alt === 'string' ? alt : undefined),
  };
}

function notice(r: XmlNode): BbbNotice {
  return { ...optional('messageKey', text(r, 'messageKey')), ...optional('message', text(r, 'message')) };
}

function flag(r: XmlNode, name: string): boolean {
  if (text(r, name) === undefined) throw new BbbProtocolError(`BigBlueButton answer has no <${name}>`);
  return bool(r, name);
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A child element; an empty element (`<recordings/>`, parsed as "") or a missing one gives {}. */
function child(node: XmlNode, name: string): XmlNode {
  const value = node[name];
  return isNode(value) ? value : {};
}

/** Repeated elements (forced to arrays by the parser); a text-only element becomes { '#text' }. */
function nodes(node: XmlNode, name: string): XmlNode[] {
  const value = node[name];
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => (isNode(item) ? item : { '#text': String(item) }));
}

function text(node: XmlNode, name: string): string | undefined {
  const value = node[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.trim();
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'].trim();
  if (isNode(value)) return '';
  throw new BbbProtocolError(`BigBlueButton answer has an unexpected <${name}>`);
}

function required(node: XmlNode, name: string): string {
  const value = text(node, name);
  if (value === undefined || value === '') throw new BbbProtocolError(`BigBlueButton answer lacks <${name}>`);
  return value;
}

function bool(node: XmlNode, name: string): boolean {
  const value = text(node, name);
  if (value === undefined || value === '') return false;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new BbbProtocolError(`BigBlueButton answer has <${name}>${value}</${name}>, not true or false`);
}

function int(node: XmlNode, name: string, fallback?: number): number {
  const value = text(node, name);
  if ((value === undefined || value === '') && fallback !== undefined) return fallback;
  return toInt(value ?? '', `<${name}>`);
}

function toInt(value: string, what: string): number {
  if (!/^-?\d+$/.test(value)) throw new BbbProtocolError(`BigBlueButton answer has ${what} ${JSON.stringify(value)}, not a number`);
  return Number(value);
}

/** `<metadata><bbb-origin>Moodle</bbb-origin>…</metadata>` → { 'bbb-origin': 'Moodle' }. */
function textMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (!isNode(value)) return map;
  for (const key of Object.keys(value)) {
    if (key.startsWith('@_') || key === '#text') continue;
    map[key] = text(value, key) ?? '';
  }
  return map;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
