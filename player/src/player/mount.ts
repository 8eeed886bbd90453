// Builds the whole player inside #lectern-player from the PlayerConfig: the composition root
// of the bundle. Each feature lives in its own module; this file only wires them.
import type { PlayerConfig } from '../contract/player-config.js';
import { createAnnouncer, type Announcer } from './announcer.js';
import { captionsSwitch, addTracks } from './captions.js';
import { addChapters } from './chapters.js';
import { chooseEngine, type Engine } from './engine-choice.js';
import { addEnrichments } from './enrichments.js';
import { setupFullscreen, type FullscreenSwitch } from './fullscreen.js';
import { addHelp, type HelpDialog } from './help-dialog.js';
import { hlsJsSupported } from './hls-engine.js';
import { hotkeys } from './keyboard.js';
import { buildLayout } from './layout.js';
import { addOverlays } from './overlays.js';
import { PLAYBACK_RATES, playerOptions } from './player-options.js';
import { startPlayback } from './playback.js';
import { addProgressReporting } from './progress-report.js';
import { addResumeSaving } from './resume.js';
import { chooseStart } from './start-time.js';
import { exposeState } from './state.js';
import { addProgressPreview } from './storyboard.js';
import { createTexts, type Texts } from './texts.js';
import { videojs, type Player } from './vjs.js';

const NATIVE_HLS_TYPE = 'application/vnd.apple.mpegurl';

function pickEngine(config: PlayerConfig, media: HTMLMediaElement): Engine | null {
  return chooseEngine({
    kind: config.kind,
    hasHls: config.sources.hls !== null,
    mp4Count: config.sources.mp4.length,
    audioCount: config.sources.audio.length,
    hlsJsSupported: hlsJsSupported(),
    nativeHls: media.canPlayType(NATIVE_HLS_TYPE) !== '',
  });
}

interface LateBound {
  fullscreen: FullscreenSwitch | null;
  help: HelpDialog | null;
}

function addControls(player: Player, config: PlayerConfig, texts: Texts, announcer: Announcer, late: LateBound): void {
  addTracks(player, config.tracks);
  const chapters = addChapters(player, config.chapters, config.durationSeconds, texts);
  addProgressPreview(player, {
    storyboardVtt: config.storyboard?.vtt ?? null,
    hasChapters: config.chapters.length > 0,
    chapterAt: chapters.titleAt,
    durationSeconds: config.durationSeconds,
  });
  late.help = addHelp(player, texts);
  late.fullscreen = setupFullscreen(player, config.pageUrl, texts);
  addOverlays(player, config.overlays);
}

export function mountPlayer(root: HTMLElement, config: PlayerConfig): Player {
  const texts = createTexts(config.texts);
  const layout = buildLayout(root, config);
  const engine = pickEngine(config, layout.media);
  const late: LateBound = { fullscreen: null, help: null };
  let onKey: (event: KeyboardEvent) => void = () => undefined;
  const player = videojs(layout.media, playerOptions(config, engine, { hotkeys: (event) => onKey(event), doubleClick: () => late.fullscreen?.toggle() }));
  const announcer = createAnnouncer(player.el());
  const state = exposeState(root, player, config);
  const captions = captionsSwitch(player, config.locale);
  onKey = hotkeys({
    player,
    rates: PLAYBACK_RATES,
    locale: config.locale,
    texts,
    announcer,
    toggleFullscreen: () => late.fullscreen?.toggle(),
    toggleCaptions: () => captions.toggle(),
    openHelp: () => late.help?.open(),
  });
  addControls(player, config, texts, announcer, late);
  if (layout.panel) addEnrichments(player, layout.panel, config.enrichments, texts, announcer);
  const start = chooseStart({ search: location.search, hash: location.hash, resumePosition: config.resume?.position ?? null, durationSeconds: config.durationSeconds });
  startPlayback({ player, config, engine, start, state, texts, announcer });
  if (config.resume) addResumeSaving(player, config.resume);
  if (config.progress) addProgressReporting(player, config.progress);
  return player;
}
