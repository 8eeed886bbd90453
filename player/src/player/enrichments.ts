// Keeps the enrichments panel in step with playback: shows the enrichment on now, pauses when
// one asking for it is reached by playing (not by jumping into it), and says so politely.
import type { PlayerEnrichment } from '../contract/player-config.js';
import { activeAt, reachedByPlayback } from './active-items.js';
import type { Announcer } from './announcer.js';
import { createEnrichmentPanel } from './enrichment-panel.js';
import type { Texts } from './texts.js';
import type { Player } from './vjs.js';

export function addEnrichments(player: Player, container: HTMLElement, enrichments: readonly PlayerEnrichment[], texts: Texts, announcer: Announcer): void {
  const panel = createEnrichmentPanel(container, enrichments, texts, (enrichment) => player.currentTime(enrichment.start));
  let shown: PlayerEnrichment | null = null;
  let lastTime = Number.NaN;
  const update = () => {
    const now = player.currentTime() ?? 0;
    const active = activeAt(enrichments, now);
    const playing = !player.paused() && !player.seeking();
    if (active !== shown) {
      shown = active;
      panel.show(active);
      if (active) {
        const stop = active.stopVideo && playing && reachedByPlayback(active, lastTime, now);
        if (stop) player.pause();
        announcer.say(texts(stop ? 'enrichmentPaused' : 'enrichmentShown', { title: active.title }));
      }
    }
    lastTime = now;
  };
  player.on('seeking', () => {
    lastTime = Number.NaN;
  });
  player.on(['timeupdate', 'seeked', 'loadedmetadata'], update);
}
