import { normaliseLanguageTag } from '../enrichments/language.js';
import type { TrackService } from '../enrichments/track-service.js';
import { AppError, ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, UnsupportedMediaError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import type { SourceIntake } from '../uploads/source-intake.js';
import type { User } from '../users/user.js';
import type { UserRepository } from '../users/user-repository.js';
import type { VideoService } from '../videos/video-service.js';
import type { Video } from '../videos/video.js';
import type { BbbRecording } from './bbb.js';
import type { RecordingImport, RecordingImportQueue, RecordingImportRepository, RecordingImportRequest } from './recording-import.js';
import { formatCalendarDay, wallTimeAt } from './wall-clock.js';

/** The metadata our meetings carry (meta_lectern-meeting, meta_lectern-site: bbbCreateParams): our meeting's id and its site's. */
export const LECTERN_MEETING_META = 'lectern-meeting';
export const LECTERN_SITE_META = 'lectern-site';
/** Largest PostgreSQL integer: a bigger tag names no meeting. */
const MEETING_ID_MAX = 2_147_483_647;
const IMPORTABLE_STATES = new Set(['published', 'unpublished']);
const NAME_MAX = 250;
const RECENT_IMPORTS = 50;

export const NO_VIDEO_FORMAT_MESSAGE =
  'This recording has no "video" playback format, so there is no video file to import. Its "presentation" format is a web player that redraws the slides, ' +
  'annotations, chat and webcams in the browser: it is not one file. The BigBlueButton administrator must enable the "video" format (the bbb-playback-video ' +
  'package) for future recordings to be importable.';

/** A caption file of the recording, downloaded (small: the track service checks its size). */
export interface DownloadedCaption {
  readonly locale: string;
  readonly label: string | null;
  readonly filename: string;
  readonly bytes: Uint8Array;
}

/** The recording's media file, complete on local disk, and its captions. */
export interface DownloadedRecording {
  readonly localPath: string;
  readonly filename: string;
  readonly size: number;
  readonly captions: readonly DownloadedCaption[];
}

export interface RecordingImportServiceDeps {
  readonly imports: RecordingImportRepository;
  readonly queue: RecordingImportQueue;
  readonly users: Pick<UserRepository, 'findById'>;
  readonly videoService: Pick<VideoService, 'create' | 'remove'>;
  readonly intake: Pick<SourceIntake, 'ingest'>;
  readonly tracks: Pick<TrackService, 'create'>;
  /** The new video's description (rich text), in the site's language, its date on the clocks of `timeZone`. */
  readonly describe: (recording: { readonly meetingName: string; readonly recordedAt: Date; readonly timeZone: string }) => string;
  /** The meetings' time zone (DEFAULT_MEETING_TIME_ZONE): the video's date is the recording's day there. */
  readonly timeZone: string;
  /** A user's storage use and quota (null: unlimited), the same count uploads are held to. */
  readonly storageOf: (user: User) => Promise<{ readonly used: number; readonly quota: number | null }>;
  readonly logger: DomainLogger;
}

/** The recording's own name (Moodle's bbb-recording-name, else BBB's meeting name), else our meeting's, cut to fit. */
function importName(recording: BbbRecording, meetingName: string | null): string {
  const name = [recording.metadata['bbb-recording-name'], recording.name, meetingName].map((candidate) => candidate?.trim()).find(Boolean) ?? `Recording ${recording.recordID}`;
  return name.slice(0, NAME_MAX);
}

/** Our meeting's id from the recording's `lectern-meeting` tag, when the tag is a meeting id of this site's; else null. */
function taggedMeetingId(recording: BbbRecording, siteId: number): number | null {
  const tag = recording.metadata[LECTERN_MEETING_META]?.trim() ?? '';
  if (recording.metadata[LECTERN_SITE_META]?.trim() !== String(siteId) || !/^[1-9]\d{0,9}$/.test(tag)) return null;
  const id = Number(tag);
  return id <= MEETING_ID_MAX ? id : null;
}

/** A done import whose video was deleted since, or a failed one: the recording may be imported again. */
function importableAgain(existing: RecordingImport): boolean {
  return existing.status === 'failed' || (existing.status === 'done' && existing.videoId === null);
}

function assertImportable(recording: BbbRecording): void {
  if (recording.state === 'deleted') throw new NotFoundError('bbb_recording_gone', 'This recording was deleted from the BigBlueButton server.');
  if (!IMPORTABLE_STATES.has(recording.state)) {
    throw new ConflictError('bbb_recording_not_ready', 'BigBlueButton is still processing this recording: import it once it is published.', { params: { state: recording.state } });
  }
  if (!recording.playback.some((format) => format.type === 'video')) {
    throw new UnsupportedMediaError('bbb_no_video_format', NO_VIDEO_FORMAT_MESSAGE, { params: { formats: recording.playback.map((format) => format.type).join(', ') } });
  }
}

/**
 * BigBlueButton recordings becoming Lectern videos (issue 7, item 3): one import per
 * (server, recording), ever. A request records the import and queues its job; the job
 * (infra/bbb/import-recording.job.ts) downloads the media and calls `complete`, which makes the
 * draft video through the uploads' source intake and adds the captions as tracks.
 */
export function createRecordingImportService(deps: RecordingImportServiceDeps) {
  const { imports, queue, logger } = deps;

  async function enqueue(imported: RecordingImport): Promise<void> {
    try {
      await queue.enqueueRecordingImport({ importId: imported.id });
    } catch (error) {
      // Without its job the import would stay queued for ever: marked failed, it can be retried.
      await imports.fail(imported.id, { code: 'bbb_import_not_queued', message: 'The import could not be queued; try again.' });
      throw error;
    }
  }

  async function request(input: RecordingImportRequest): Promise<{ readonly import: RecordingImport; readonly created: boolean }> {
    const { server, recording, requestedBy, trigger } = input;
    assertImportable(recording);
    const meeting = await imports.findMeeting(server.siteId, { bbbMeetingId: recording.meetingID, meetingId: taggedMeetingId(recording, server.siteId) });
    const ownerId = meeting?.ownerId ?? requestedBy;
    if (ownerId === null) throw new ValidationError('bbb_import_no_owner', 'This recording is not of a Lectern meeting: someone must import it.');
    const inserted = await imports.insert({
      siteId: server.siteId,
      serverId: server.id,
      recordId: recording.recordID,
      bbbMeetingId: recording.meetingID,
      meetingId: meeting?.id ?? null,
      name: importName(recording, meeting?.name ?? null),
      recordedAt: recording.startTime,
      ownerId,
      requestedBy,
      trigger,
    });
    const context = { importId: inserted.import.id, serverId: server.id, recordId: recording.recordID, trigger, userId: requestedBy };
    if (inserted.created) {
      await enqueue(inserted.import);
      logger.info({ ...context, ownerId }, 'recording import queued');
      return inserted;
    }
    // A failed import is tried again; so is one whose video was deleted since (nothing of it is left).
    // For a callback, BBB published the recording again (bbb-record --rebuild, say): the same holds.
    if (importableAgain(inserted.import)) return requeue(inserted.import, requestedBy, trigger);
    if (trigger === 'callback') {
      logger.info({ ...context, status: inserted.import.status }, 'recording already imported or importing: callback ignored');
      return inserted;
    }
    throw alreadyImported(inserted.import);
  }

  function alreadyImported(existing: RecordingImport): ConflictError {
    const message = existing.status === 'done' ? 'This recording was already imported.' : 'This recording is already being imported.';
    return new ConflictError('bbb_recording_already_imported', message, { params: { importId: existing.id, status: existing.status, ...(existing.videoId ? { videoId: existing.videoId } : {}) } });
  }

  async function requeue(failed: RecordingImport, requestedBy: number | null, trigger: RecordingImportRequest['trigger']): Promise<{ import: RecordingImport; created: boolean }> {
    const again = await imports.requeue(failed.id, requestedBy);
    if (!again) throw alreadyImported((await imports.findById(failed.id)) ?? failed);
    await enqueue(again);
    logger.info({ importId: again.id, userId: requestedBy, trigger, previousStatus: failed.status, previousError: failed.errorCode }, 'recording import queued again');
    return { import: again, created: true };
  }

  async function findById(id: number): Promise<RecordingImport> {
    const found = await imports.findById(id);
    if (!found) throw new NotFoundError('bbb_import_not_found', `No recording import with id ${id}.`);
    return found;
  }

  /** Adds each caption file as a track; a bad one is skipped (the video is fine without it). Returns how many were added. */
  async function addCaptions(owner: User, video: Video, imported: RecordingImport, captions: readonly DownloadedCaption[]): Promise<number> {
    let added = 0;
    for (const caption of captions) {
      const context = { importId: imported.id, videoId: video.id, locale: caption.locale };
      const lang = normaliseLanguageTag(caption.locale);
      if (!lang) {
        logger.warn(context, 'caption file skipped: its locale is not a language tag');
        continue;
      }
      try {
        await deps.tracks.create(owner, video.id, { kind: 'captions', lang, label: caption.label, file: { filename: caption.filename, bytes: caption.bytes }, origin: 'import' });
        added += 1;
      } catch (error) {
        // Captions are extras: the imported video stands without this one, so the import goes on.
        logger.warn({ ...context, err: error, code: error instanceof AppError ? error.code : undefined }, 'caption file skipped');
      }
    }
    return added;
  }

  return {
    request,
    findById,

    /**
     * Refuses a recording that would take its future owner past their storage quota, as an
     * upload of that size would be (checked once the file's size is known, before downloading).
     */
    async checkQuota(imported: RecordingImport, bytes: number): Promise<void> {
      const owner = await deps.users.findById(imported.ownerId);
      if (!owner) return;
      const { used, quota } = await deps.storageOf(owner);
      if (quota !== null && used + bytes > quota) {
        throw new PayloadTooLargeError('bbb_recording_over_quota', `This recording (${bytes} bytes) would take its owner past their storage quota (${used} of ${quota} bytes used).`, { params: { used, quota, size: bytes } });
      }
    },

    /** The imports of these recordings of a server, by record id (for listings). */
    async statusesFor(serverId: number, recordIds: readonly string[]): Promise<Map<string, RecordingImport>> {
      if (recordIds.length === 0) return new Map();
      return new Map((await imports.findByRecords(serverId, recordIds)).map((item) => [item.recordId, item]));
    },

    /** The user's recent imports (the videos they will own), newest first. */
    listForOwner: (userId: number, limit = RECENT_IMPORTS): Promise<RecordingImport[]> => imports.listForOwner(userId, limit),

    /** A failed import queued again, by its owner, the person who asked for it, or an administrator of its site. */
    async retry(actor: User, importId: number): Promise<RecordingImport> {
      const found = await imports.findById(importId);
      if (!found || found.siteId !== actor.siteId) throw new NotFoundError('bbb_import_not_found', `No recording import with id ${importId}.`);
      if (found.ownerId !== actor.id && found.requestedBy !== actor.id && actor.role !== 'admin') {
        throw new ForbiddenError('bbb_import_forbidden', 'Only the owner of the recording, the person who imported it or an administrator can retry this import.');
      }
      if (found.status !== 'failed') throw new ConflictError('bbb_import_not_failed', 'Only a failed import can be retried.', { params: { status: found.status } });
      return (await requeue(found, actor.id, 'manual')).import;
    },

    /**
     * The job's last step: the downloaded file becomes a draft video of the import's owner (the
     * source intake checks it with ffprobe, stores it and queues its encoding), its captions
     * become tracks, the import is done. If anything fails after the video was created, the
     * video is deleted again: a failed import leaves no video behind.
     */
    async complete(imported: RecordingImport, downloaded: DownloadedRecording): Promise<RecordingImport> {
      const owner = await deps.users.findById(imported.ownerId);
      if (!owner) throw new NotFoundError('bbb_import_owner_gone', 'The owner of this recording no longer exists.');
      const fields = await videoFields(imported);
      const made: { video?: Video } = {};
      try {
        const video = await deps.intake.ingest(
          { localPath: downloaded.localPath, filename: downloaded.filename, sourceName: `source-bbb-${imported.id}` },
          {
            requestedBy: imported.requestedBy,
            video: async () => {
              made.video = await deps.videoService.create(owner, { ...fields, isDraft: true });
              return { video: made.video, created: true };
            },
            refused: (verdict) => Promise.reject(new UnsupportedMediaError('bbb_recording_not_media', `The recording's file cannot be used as a video: ${verdict.reason}`, { params: { reason: verdict.code } })),
          },
        );
        const captions = await addCaptions(owner, video, imported, downloaded.captions);
        const done = await imports.finish(imported.id, { videoId: video.id, captions, bytesReceived: downloaded.size });
        if (!done) throw new ConflictError('bbb_import_interrupted', 'The import was stopped while it ran.');
        logger.info({ importId: imported.id, videoId: video.id, ownerId: owner.id, captions, bytes: downloaded.size }, 'recording imported');
        return done;
      } catch (error) {
        if (made.video) await removeVideo(owner, made.video.id, imported.id);
        throw error;
      }
    },
  };

  /**
   * The new video's title, description and date: the description names our meeting when the
   * recording is of one (else the recording, as titled); the date is the day it started on the
   * meetings' clocks.
   */
  async function videoFields(imported: RecordingImport): Promise<{ title: string; description: string; dateEvt: string }> {
    const meeting = imported.meetingId === null ? null : await imports.findMeeting(imported.siteId, { meetingId: imported.meetingId });
    return {
      title: imported.name,
      description: deps.describe({ meetingName: meeting?.name ?? imported.name, recordedAt: imported.recordedAt, timeZone: deps.timeZone }),
      dateEvt: formatCalendarDay(wallTimeAt(imported.recordedAt, deps.timeZone)),
    };
  }

  async function removeVideo(owner: User, videoId: number, importId: number): Promise<void> {
    try {
      await deps.videoService.remove(owner, videoId);
    } catch (error) {
      if (error instanceof NotFoundError) return; // the intake already deleted it
      // The import still fails with its own error (rethrown by the caller); this one needs an operator.
      logger.error({ err: error, importId, videoId }, 'could not delete the video of a failed recording import');
    }
  }
}

export type RecordingImportService = ReturnType<typeof createRecordingImportService>;
