/**
 * Where a recording's media file is, asked afresh each time: BBB ESR/Scalelite playback URLs
 * carry a single-use token, so every attempt reads getRecordings again, follows the `video`
 * format's URL with a new cookie jar (the token link sets the cookie, then redirects), and
 * reads the playback page for the media file and the caption files (bbb-xapi-sso.md §1.6).
 */
import type { BbbApi, BbbRecording } from '../../domain/meetings/bbb.js';
import { isRecordingMediaUrl, parsePlaybackPage, type PlaybackCaption } from '../../domain/meetings/playback-page.js';
import { NO_VIDEO_FORMAT_MESSAGE, type DownloadedCaption } from '../../domain/meetings/recording-import-service.js';
import { ConflictError, NotFoundError, UnsupportedMediaError } from '../../domain/errors.js';
import { TRACK_MAX_BYTES } from '../../domain/enrichments/enrichment.js';
import type { Logger } from '../logger.js';
import { createCookieJar } from './cookie-jar.js';
import { DownloadError, fetchSmall, headSize, loggableUrl, type MediaSource, type RefreshSource } from './recording-download.js';

/** A playback page is a few KiB; anything this big is not one. */
const PAGE_MAX_BYTES = 2 * 1024 * 1024;

export interface LocatedMedia {
  readonly recording: BbbRecording;
  readonly source: MediaSource;
  readonly captions: readonly PlaybackCaption[];
}

export class RecordingGoneError extends NotFoundError {
  constructor(recordId: string) {
    super('bbb_recording_gone', `The recording ${recordId} was deleted from the BigBlueButton server.`);
  }
}

/** The recording as BBB sees it now (any state), or RecordingGoneError. */
export async function freshRecording(api: BbbApi, recordId: string): Promise<BbbRecording> {
  // A recordID works as a prefix in getRecordings: keep only the exact one.
  const recording = (await api.getRecordings({ recordIDs: [recordId], states: ['any'] })).find((r) => r.recordID === recordId);
  if (!recording || recording.state === 'deleted') throw new RecordingGoneError(recordId);
  return recording;
}

async function readPage(recording: BbbRecording, url: string, timeoutMs: number, source: MediaSource): Promise<{ url: string; html: string }> {
  try {
    const page = await fetchSmall(url, { jar: source.jar, timeoutMs, maxBytes: PAGE_MAX_BYTES });
    return { url: page.url, html: page.bytes.toString('utf8') };
  } catch (error) {
    if (error instanceof DownloadError && error.problem === 'refused' && recording.state === 'unpublished') {
      throw new ConflictError('bbb_recording_unpublished', 'BigBlueButton does not serve the files of an unpublished recording: publish it, then retry the import.');
    }
    // Not the recording being too large: the `video` link does not lead to a playback page.
    if (error instanceof DownloadError && error.problem === 'too_large') {
      throw new UnsupportedMediaError('bbb_playback_page_invalid', `The recording's playback page (${loggableUrl(url)}) is larger than ${PAGE_MAX_BYTES} bytes: it is not a BigBlueButton playback page.`, { params: { max: PAGE_MAX_BYTES } });
    }
    throw error;
  }
}

/** The media file to download (and the caption files) of the recording's `video` playback. */
export async function locateMedia(api: BbbApi, recordId: string, timeoutMs: number): Promise<LocatedMedia> {
  const recording = await freshRecording(api, recordId);
  const format = recording.playback.find((f) => f.type === 'video');
  if (!format) throw new UnsupportedMediaError('bbb_no_video_format', NO_VIDEO_FORMAT_MESSAGE);
  const jar = createCookieJar();
  if (isRecordingMediaUrl(format.url)) return { recording, source: { url: format.url, jar }, captions: [] };
  const page = await readPage(recording, format.url, timeoutMs, { url: format.url, jar });
  const parsed = parsePlaybackPage(page.html, page.url);
  return { recording, source: { url: parsed.videoUrl, jar }, captions: parsed.captions };
}

/**
 * The size of the media file (headSize); when the HEAD is refused (a Scalelite token or cookie
 * that expired since the page was read), `refresh` is asked once for a fresh source, as the
 * download does. Returns the source the HEAD was answered for.
 */
export async function headSource(source: MediaSource, options: { readonly timeoutMs: number; readonly refresh: RefreshSource }): Promise<{ readonly source: MediaSource; readonly url: string; readonly size: number | null }> {
  try {
    return { source, ...(await headSize(source.url, { jar: source.jar, timeoutMs: options.timeoutMs })) };
  } catch (error) {
    if (!(error instanceof DownloadError) || error.problem !== 'refused') throw error;
    const fresh = await options.refresh(error);
    return { source: fresh, ...(await headSize(fresh.url, { jar: fresh.jar, timeoutMs: options.timeoutMs })) };
  }
}

/** The caption files, each small; one that cannot be fetched is logged and left out. */
export async function fetchCaptions(located: LocatedMedia, timeoutMs: number, logger: Logger): Promise<DownloadedCaption[]> {
  const fetched: DownloadedCaption[] = [];
  for (const caption of located.captions) {
    try {
      const file = await fetchSmall(caption.url, { jar: located.source.jar, timeoutMs, maxBytes: TRACK_MAX_BYTES });
      fetched.push({ locale: caption.locale, label: caption.label, filename: `caption_${caption.locale}.vtt`, bytes: file.bytes });
    } catch (error) {
      if (!(error instanceof DownloadError)) throw error;
      // Captions are extras: the recording is imported without this one.
      logger.warn({ url: loggableUrl(caption.url), locale: caption.locale, problem: error.problem, reason: error.message }, 'caption file not fetched: skipped');
    }
  }
  return fetched;
}
