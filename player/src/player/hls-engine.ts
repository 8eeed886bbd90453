// The one place that imports hls.js (ARCHITECTURE.md §4.9), in its light build. It plays HLS
// as a video.js source handler on the Html5 tech's own <video>, so video.js keeps its state,
// poster, errors and text tracks; the rest of the player sees the narrow HlsHandle below.
import Hls, { ErrorTypes, Events, type HlsConfig } from 'hls.js/light';
import type { QualityLevel } from './quality-options.js';
import { registerHtml5SourceHandler } from './vjs.js';

export const HLS_TYPE = 'application/x-mpegURL';
const HLS_TYPES = ['application/x-mpegurl', 'application/vnd.apple.mpegurl'];

/** What the rest of the player may do with the running hls.js instance. */
export interface HlsHandle {
  /** The hls.js instance itself, for the read-only debugging handle only. */
  readonly instance: object;
  levels(): QualityLevel[];
  /** The level asked for, -1 for automatic. */
  requestedLevel(): number;
  /** The level of the fragment playing now, -1 before the first. */
  playingLevel(): number;
  /** Plays level `index` from now on (-1: automatic, switching from the next fragment). */
  requestLevel(index: number): void;
  /**
   * `listener` runs when the levels are known, when a level is requested, when loading
   * switches level, and when the playing fragment's level changes.
   */
  onChange(listener: (event: 'levels' | 'requested' | 'loading' | 'playing', level: number) => void): void;
}

export interface HlsEngineOptions {
  /** Seconds to start loading from (-1: the beginning). Read when a source is set. */
  startPosition(): number;
  onCreated(handle: HlsHandle): void;
  /** hls.js gave up (network, or a media error it could not recover from). */
  onFatal(reason: string): void;
}

export function hlsJsSupported(): boolean {
  return Hls.isSupported();
}

function hlsConfig(startPosition: number): Partial<HlsConfig> {
  return {
    // Runs in the page: no `worker-src blob:` needed, and fMP4 segments need no transmuxing.
    enableWorker: false,
    startPosition,
    capLevelToPlayerSize: true,
    backBufferLength: 60,
    // Media grants travel in the URLs: never send cookies or credentials.
    xhrSetup: (xhr) => {
      xhr.withCredentials = false;
    },
  };
}

function handleOf(hls: Hls): HlsHandle {
  let requested = -1;
  const requestListeners: ((event: 'requested', level: number) => void)[] = [];
  return {
    instance: hls,
    levels: () => hls.levels.map((level) => ({ height: level.height, bitrate: level.bitrate })),
    requestedLevel: () => requested,
    playingLevel: () => hls.currentLevel,
    requestLevel: (index) => {
      requested = index;
      // A level chosen by the viewer shows at once (the buffer ahead is replaced); going back
      // to Auto lets the adaptive logic switch smoothly from the next fragment.
      if (index >= 0) hls.currentLevel = index;
      else hls.nextLevel = -1;
      requestListeners.forEach((listener) => listener('requested', index));
    },
    onChange: (listener) => {
      requestListeners.push(listener);
      hls.on(Events.MANIFEST_PARSED, () => listener('levels', -1));
      hls.on(Events.LEVEL_SWITCHED, (_event, data) => listener('loading', data.level));
      hls.on(Events.FRAG_CHANGED, (_event, data) => listener('playing', data.frag.level));
    },
  };
}

function watchErrors(hls: Hls, onFatal: (reason: string) => void): void {
  let recoveredMedia = false;
  hls.on(Events.ERROR, (_event, data) => {
    if (!data.fatal) return;
    if (data.type === ErrorTypes.MEDIA_ERROR && !recoveredMedia) {
      recoveredMedia = true;
      hls.recoverMediaError();
      return;
    }
    onFatal(`${data.type}: ${data.details}`);
  });
}

/** Lets video.js play HLS sources with hls.js (before the browser's own HLS, if any). */
export function registerHlsEngine(options: HlsEngineOptions): void {
  const canPlayType = (type: string) => (HLS_TYPES.includes(type.toLowerCase()) && Hls.isSupported() ? 'probably' : '');
  registerHtml5SourceHandler({
    canPlayType,
    canHandleSource: (source) => canPlayType(source.type ?? ''),
    handleSource(source, tech) {
      const hls = new Hls(hlsConfig(options.startPosition()));
      watchErrors(hls, options.onFatal);
      hls.attachMedia(tech.el() as HTMLMediaElement);
      hls.loadSource(source.src);
      options.onCreated(handleOf(hls));
      return { dispose: () => hls.destroy() };
    },
  });
}
