// Overlays: server-sanitized HTML over the picture while its time runs, at one of eight
// positions. They live inside the player element (so they show in full screen), in a layer
// below the control bar that lets clicks through except on the overlays themselves.
import type { PlayerOverlay } from '../contract/player-config.js';
import { allActiveAt } from './active-items.js';
import { h } from './dom.js';
import type { Player } from './vjs.js';

function overlayElement(overlay: PlayerOverlay): HTMLElement {
  const classes = ['lectern-overlay', `lectern-overlay--${overlay.position}`];
  if (overlay.background) classes.push('lectern-overlay--background');
  const element = h('div', classes.join(' '), { 'data-overlay-id': String(overlay.id) });
  element.innerHTML = overlay.html;
  element.hidden = true;
  return element;
}

export function addOverlays(player: Player, overlays: readonly PlayerOverlay[]): void {
  if (overlays.length === 0) return;
  const layer = h('div', 'lectern-overlays');
  const elements = new Map(overlays.map((overlay) => [overlay, overlayElement(overlay)]));
  layer.append(...elements.values());
  const controlBar = player.getChild('ControlBar')?.el();
  player.el().insertBefore(layer, controlBar ?? null);
  const update = () => {
    const active = new Set(allActiveAt(overlays, player.currentTime() ?? 0));
    for (const [overlay, element] of elements) element.hidden = !active.has(overlay);
  };
  player.on(['timeupdate', 'seeked', 'loadedmetadata'], update);
}
