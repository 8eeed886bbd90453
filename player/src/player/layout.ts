// The elements inside #lectern-player: the stage (video.js builds the player around our
// <video>) and, when there are enrichments, the side panel. player.css puts the panel beside
// the video when #lectern-player is wide and under it when narrow (a container query: LMS
// iframes are narrow whatever the screen).
import type { PlayerConfig } from '../contract/player-config.js';
import { h } from './dom.js';

export interface PlayerLayout {
  readonly root: HTMLElement;
  readonly media: HTMLVideoElement;
  /** The enrichments panel's container, or null without enrichments. */
  readonly panel: HTMLElement | null;
}

export function buildLayout(root: HTMLElement, config: PlayerConfig): PlayerLayout {
  root.classList.add('lectern-player');
  root.dataset.kind = config.kind;
  const media = h('video', 'video-js lectern-video', { preload: 'auto', playsinline: '' });
  const stage = h('div', 'lectern-player__stage', {}, [media]);
  const panel = config.enrichments.length > 0 ? h('aside', 'lectern-enrichments') : null;
  const layout = h('div', `lectern-player__layout${panel ? ' lectern-player__layout--with-panel' : ''}`, {}, panel ? [stage, panel] : [stage]);
  root.replaceChildren(layout);
  return { root, media, panel };
}
