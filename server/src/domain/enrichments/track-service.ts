import { ConflictError, NotFoundError, UnsupportedMediaError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { MediaStorage } from '../media/media-storage.js';
import type { User } from '../users/user.js';
import type { Video } from '../videos/video.js';
import { TRACK_MAX_BYTES, type IncomingSubtitles, type Track, type TrackKind, type TrackOrigin } from './enrichment.js';
import type { TrackRepository, TrackRow } from './enrichment-repository.js';
import { assertSize, found, manageableVideo, newFileKey, removeUnreferenced, storageKey, withNewFile, type VideoLookup } from './item-rules.js';
import { languageName, normaliseLanguageTag } from './language.js';
import { readSubtitleFile, SubtitleError, type SubtitleFile } from './subtitles.js';

export interface TrackInput {
  readonly kind: TrackKind;
  readonly lang: string;
  /** Empty or absent: the language's own name. */
  readonly label?: string | null;
  readonly file: IncomingSubtitles;
  /** Default `upload`; `import` for files brought from elsewhere (BigBlueButton captions). */
  readonly origin?: Extract<TrackOrigin, 'upload' | 'import'>;
}

export type TrackPatch = Partial<Omit<TrackInput, 'origin'>>;

export interface TrackServiceDeps {
  readonly videos: VideoLookup;
  readonly tracks: TrackRepository;
  readonly storage: MediaStorage;
  readonly logger: DomainLogger;
}

/** A subtitle upload → checked WebVTT, or the error that says what is wrong and where. */
export function checkedSubtitles(file: IncomingSubtitles): SubtitleFile {
  assertSize(file.bytes.length, TRACK_MAX_BYTES);
  try {
    return readSubtitleFile(file.bytes, file.filename);
  } catch (error) {
    if (!(error instanceof SubtitleError)) throw error;
    const fields = [{ path: 'file', message: error.message }];
    if (error.problem === 'not_utf8') throw new UnsupportedMediaError('track_not_utf8', error.message, { fields });
    if (error.problem === 'no_cues') throw new UnsupportedMediaError('track_empty', error.message, { fields });
    throw new UnsupportedMediaError('track_invalid_vtt', error.message, { fields, params: { line: error.line, problem: error.problem } });
  }
}

function languageTag(lang: string): string {
  const tag = normaliseLanguageTag(lang);
  if (tag) return tag;
  const message = `“${lang}” is not a language code such as fr, en or pt-BR.`;
  throw new ValidationError('invalid_language', message, { fields: [{ path: 'lang', message }] });
}

/**
 * A label that is the language's name follows the language; a chosen one stays. A form sends
 * back the label it showed: the old language's name is then no choice either.
 */
function nextLabel(current: Track, requested: string | null | undefined, lang: string): string {
  const oldDefault = languageName(current.lang);
  const wanted = requested?.trim();
  if (wanted && wanted !== oldDefault) return wanted;
  if (requested === undefined && current.label !== oldDefault) return current.label;
  return languageName(lang);
}

/** Subtitle and caption tracks: one per (kind, language), each a checked WebVTT file in storage. */
export function createTrackService({ videos, tracks, storage, logger }: TrackServiceDeps) {
  function trackExists(kind: TrackKind, lang: string): ConflictError {
    const message = `This video already has ${kind} in ${languageName(lang, 'en')} (${lang}): edit that track or delete it first.`;
    return new ConflictError('track_exists', message, { params: { kind, lang }, fields: [{ path: 'lang', message }] });
  }

  /** Writes the new file (if any), saves the row, and removes whichever file is no longer used. */
  async function save(video: Video, row: Omit<TrackRow, 'fileKey' | 'cueCount' | 'size'>, subtitles: SubtitleFile | null, current: Track | null): Promise<Track> {
    const duplicate = (await tracks.list(video.id)).find((track) => track.id !== current?.id && track.kind === row.kind && track.lang === row.lang);
    if (duplicate) throw trackExists(row.kind, row.lang);
    const fileKey = subtitles ? newFileKey('tracks', 'vtt') : current!.fileKey;
    const newKey = subtitles ? storageKey(video.id, fileKey) : null;
    const size = subtitles ? await storage.writeFile(newKey!, subtitles.vtt) : current!.size;
    const full: TrackRow = { ...row, fileKey, cueCount: subtitles?.cueCount ?? current!.cueCount, size };
    const outcome = await withNewFile(storage, newKey, () => (current ? tracks.update(video.id, current.id, full) : tracks.insert(video.id, full)), (o) => o.kind === 'saved');
    if (outcome.kind === 'conflict') throw trackExists(row.kind, row.lang);
    if (outcome.kind === 'not_found') throw new NotFoundError(current ? 'track_not_found' : 'video_not_found', 'This track or its video no longer exists.');
    if (current && subtitles) await removeUnreferenced(storage, logger, video.id, current.fileKey);
    return outcome.item;
  }

  return {
    async list(actor: User, videoId: number): Promise<Track[]> {
      await manageableVideo(videos, actor, videoId);
      return tracks.list(videoId);
    },

    async get(actor: User, videoId: number, trackId: number): Promise<Track> {
      await manageableVideo(videos, actor, videoId);
      return found(await tracks.find(videoId, trackId), 'track_not_found', 'track', trackId);
    },

    /** A track by its own id, when the actor may edit its video (else, like an unknown id, a 404). */
    async locate(actor: User, trackId: number): Promise<Track> {
      const videoId = await tracks.videoIdOf(trackId);
      if (videoId === null) throw new NotFoundError('track_not_found', `No track with id ${trackId}.`);
      await manageableVideo(videos, actor, videoId);
      return found(await tracks.find(videoId, trackId), 'track_not_found', 'track', trackId);
    },

    async create(actor: User, videoId: number, input: TrackInput): Promise<Track> {
      const video = await manageableVideo(videos, actor, videoId);
      const lang = languageTag(input.lang);
      const subtitles = checkedSubtitles(input.file);
      const track = await save(video, { kind: input.kind, lang, label: input.label?.trim() || languageName(lang), origin: input.origin ?? 'upload' }, subtitles, null);
      logger.info({ videoId, trackId: track.id, userId: actor.id, format: subtitles.format, cues: subtitles.cueCount }, 'track added');
      return track;
    },

    async update(actor: User, videoId: number, trackId: number, patch: TrackPatch): Promise<Track> {
      const video = await manageableVideo(videos, actor, videoId);
      const current = found(await tracks.find(videoId, trackId), 'track_not_found', 'track', trackId);
      const lang = patch.lang === undefined ? current.lang : languageTag(patch.lang);
      const subtitles = patch.file ? checkedSubtitles(patch.file) : null;
      const label = nextLabel(current, patch.label, lang);
      const track = await save(video, { kind: patch.kind ?? current.kind, lang, label, origin: subtitles ? 'upload' : current.origin }, subtitles, current);
      logger.info({ videoId, trackId, userId: actor.id, newFile: subtitles !== null }, 'track changed');
      return track;
    },

    async remove(actor: User, videoId: number, trackId: number): Promise<void> {
      await manageableVideo(videos, actor, videoId);
      const deleted = found(await tracks.delete(videoId, trackId), 'track_not_found', 'track', trackId);
      await removeUnreferenced(storage, logger, videoId, deleted.fileKey);
      logger.info({ videoId, trackId, userId: actor.id }, 'track deleted');
    },
  };
}

export type TrackService = ReturnType<typeof createTrackService>;
