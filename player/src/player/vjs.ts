// The one place that imports video.js (ARCHITECTURE.md §4.9): the core build, without VHS
// (hls.js plays HLS) and with vtt.js bundled (no CDN fetch), plus its French texts.
import './no-dynamic-style.js';
import videojsCore from 'video.js/dist/alt/video.core.js';
import type ButtonType from 'video.js/dist/types/button';
import type ComponentType from 'video.js/dist/types/component';
import type MenuButtonType from 'video.js/dist/types/menu/menu-button';
import type MenuItemType from 'video.js/dist/types/menu/menu-item';
import type ModalDialogType from 'video.js/dist/types/modal-dialog';
import type PlayerType from 'video.js/dist/types/player';
import fr from 'video.js/dist/lang/fr.json';

export const videojs = videojsCore;
videojs.addLanguage('fr', fr);

export type Player = PlayerType;
export type Component = ComponentType;
export type MenuItem = MenuItemType;

export const Component = videojs.getComponent('Component') as unknown as typeof ComponentType;
export const Button = videojs.getComponent('Button') as unknown as typeof ButtonType;
export const MenuButton = videojs.getComponent('MenuButton') as unknown as typeof MenuButtonType;
export const MenuItem = videojs.getComponent('MenuItem') as unknown as typeof MenuItemType;
export const ModalDialog = videojs.getComponent('ModalDialog') as unknown as typeof ModalDialogType;

/** What a video.js source handler receives and returns (video.js does not export these types). */
export interface SourceHandler {
  canPlayType(type: string): '' | 'maybe' | 'probably';
  canHandleSource(source: { src: string; type?: string }): '' | 'maybe' | 'probably';
  handleSource(source: { src: string; type?: string }, tech: { el(): Element }): { dispose(): void };
}

/** Puts `handler` first among the Html5 tech's source handlers (before native playback). */
export function registerHtml5SourceHandler(handler: SourceHandler): void {
  const html5 = videojs.getTech('Html5') as unknown as { registerSourceHandler(h: SourceHandler, index: number): void } | undefined;
  if (!html5) throw new Error('video.js has no Html5 tech');
  html5.registerSourceHandler(handler, 0);
}
