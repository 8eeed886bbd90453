// Gives the player its source for the chosen engine, the quality menu that goes with it, the
// start time, and the fallback to the progressive MP4 files when hls.js gives up.
import type { PlayerConfig } from '../contract/player-config.js';
import type { Announcer } from './announcer.js';
import { defaultMp4Index, type Engine } from './engine-choice.js';
import { HLS_TYPE, registerHlsEngine } from './hls-engine.js';
import { logDebug } from './log.js';
import { addQualityMenu, type QualitySource } from './quality-menu.js';
import { hlsQualitySource, mp4QualitySource } from './quality-sources.js';
import { showResumeNotice } from './resume-notice.js';
import type { StartChoice } from './start-time.js';
import type { PlayerState } from './state.js';
import type { Texts } from './texts.js';
import type { Component, Player } from './vjs.js';

export interface PlaybackDeps {
  readonly player: Player;
  readonly config: PlayerConfig;
  readonly engine: Engine | null;
  readonly start: StartChoice | null;
  readonly state: PlayerState;
  readonly texts: Texts;
  readonly announcer: Announcer;
}

function withQualityMenu(deps: PlaybackDeps, source: QualitySource): Component {
  const report = () => {
    const requested = source.requested();
    deps.state.setQuality(requested === -1 ? 'auto' : (source.options().find((option) => option.index === requested)?.height ?? requested));
  };
  source.onChange(report);
  report();
  return addQualityMenu(deps.player, source, deps.texts);
}

function playMp4(deps: PlaybackDeps, at: number | null): Component | null {
  const files = deps.config.sources.mp4;
  const initial = defaultMp4Index(files);
  const file = files[initial];
  if (!file) return null;
  deps.state.setEngine('mp4');
  deps.player.src({ src: file.src, type: 'video/mp4' });
  if (at !== null && at > 0) deps.player.one('loadedmetadata', () => deps.player.currentTime(at));
  return withQualityMenu(deps, mp4QualitySource(deps.player, files, initial));
}

function playHlsJs(deps: PlaybackDeps, src: string): void {
  const { player, state } = deps;
  let menu: Component | null = null;
  registerHlsEngine({
    startPosition: () => deps.start?.seconds ?? -1,
    onCreated: (hls) => {
      state.setHls(hls);
      menu?.dispose();
      menu = withQualityMenu(deps, hlsQualitySource(hls));
    },
    onFatal: (reason) => {
      logDebug(`hls.js gave up (${reason})`);
      // Out of hls.js's own error event before destroying it (player.src disposes it).
      setTimeout(() => {
        menu?.dispose();
        state.setHls(null);
        menu = playMp4(deps, player.currentTime() ?? 0);
        if (!menu) player.error(deps.texts('unplayable'));
      }, 0);
    },
  });
  player.src({ src, type: HLS_TYPE });
}

/** Seeks to the chosen start once the metadata is there (hls.js already loads from it). */
function applyStart(deps: PlaybackDeps): void {
  const { player, start } = deps;
  if (!start) return;
  player.one('loadedmetadata', () => {
    if (Math.abs((player.currentTime() ?? 0) - start.seconds) > 0.5) player.currentTime(start.seconds);
    if (start.source === 'resume') showResumeNotice(player, start.seconds, deps.texts, deps.announcer);
  });
}

export function startPlayback(deps: PlaybackDeps): void {
  const { player, config, engine } = deps;
  deps.state.setEngine(engine);
  if (engine === null) {
    player.error(deps.texts('unplayable'));
    return;
  }
  applyStart(deps);
  const hls = config.sources.hls;
  if (engine === 'hls.js' && hls) playHlsJs(deps, hls);
  else if (engine === 'native' && hls) player.src({ src: hls, type: HLS_TYPE });
  else if (engine === 'mp4') playMp4(deps, null);
  else player.src(config.sources.audio.map((audio) => ({ src: audio.src, type: audio.type })));
}
