import type { EncodedSubtitle } from '../encoding/encoded-media.js';
import type { DomainLogger } from '../logger.js';
import type { MediaStorage } from '../media/media-storage.js';
import type { TrackRow } from './enrichment-repository.js';
import { newFileKey, storageKey } from './item-rules.js';
import { languageName, languageOfStream, normaliseLanguageTag } from './language.js';
import { readSubtitleFile, SubtitleError } from './subtitles.js';

/**
 * Text subtitles found in an uploaded file become the video's tracks (origin `extracted`) when
 * its encoding publishes: each is checked, copied under `tracks/` and described as a row. The
 * encoding's publish inserts the rows in its own transaction, skipping any (kind, lang) the
 * video already has (an owner's upload, or a previous encoding's extraction): idempotent.
 */
export interface PreparedTrack {
  readonly row: TrackRow;
  /** Where its file was written. */
  readonly storageKey: string;
}

export interface ExtractedSubtitlesDeps {
  readonly storage: MediaStorage;
  readonly logger: DomainLogger;
}

export interface ExtractedSubtitlesSource {
  readonly videoId: number;
  /** The published media folder the manifest's paths are relative to. */
  readonly mediaFolderKey: string;
  readonly subtitles: readonly EncodedSubtitle[];
  /** The video's language: for streams that do not say theirs. */
  readonly mainLang: string;
}

async function prepareOne(deps: ExtractedSubtitlesDeps, source: ExtractedSubtitlesSource, subtitle: EncodedSubtitle, lang: string): Promise<PreparedTrack | null> {
  const bytes = await deps.storage.readFile(`${source.mediaFolderKey}/${subtitle.file}`);
  let parsed;
  try {
    parsed = readSubtitleFile(bytes, subtitle.file);
  } catch (error) {
    if (!(error instanceof SubtitleError)) throw error;
    // ffmpeg wrote something a browser would not read: the video is fine without it.
    deps.logger.warn({ videoId: source.videoId, file: subtitle.file, reason: error.message }, 'extracted subtitles skipped');
    return null;
  }
  const fileKey = newFileKey('tracks', 'vtt');
  const key = storageKey(source.videoId, fileKey);
  const size = await deps.storage.writeFile(key, parsed.vtt);
  return { storageKey: key, row: { kind: 'subtitles', lang, label: languageName(lang), fileKey, origin: 'extracted', cueCount: parsed.cueCount, size } };
}

/** Copies the subtitles into `tracks/`; on failure, removes what it copied and rethrows. */
export async function prepareExtractedTracks(deps: ExtractedSubtitlesDeps, source: ExtractedSubtitlesSource): Promise<PreparedTrack[]> {
  const prepared: PreparedTrack[] = [];
  const languages = new Set<string>();
  try {
    for (const subtitle of source.subtitles) {
      const lang = languageOfStream(subtitle.language) ?? normaliseLanguageTag(source.mainLang);
      // Two streams in one language (e.g. full and forced): the first one is the track.
      if (!lang || languages.has(lang)) continue;
      const track = await prepareOne(deps, source, subtitle, lang);
      if (!track) continue;
      languages.add(lang);
      prepared.push(track);
    }
  } catch (error) {
    await discardPreparedTracks(deps, prepared, []);
    throw error;
  }
  return prepared;
}

/** Removes the copies whose rows were not inserted (the video already had such a track, or the publish lost). */
export async function discardPreparedTracks(deps: ExtractedSubtitlesDeps, prepared: readonly PreparedTrack[], keptFileKeys: readonly string[]): Promise<void> {
  for (const track of prepared) {
    if (keptFileKeys.includes(track.row.fileKey)) continue;
    await deps.storage.remove(track.storageKey).catch((error: unknown) => {
      // Nothing points at this copy: wasted space until the video is deleted, nothing worse.
      deps.logger.error({ err: error, key: track.storageKey }, 'could not remove an unused subtitle copy');
    });
  }
}
