// The enrichments panel beside (or under) the video: the enrichment on now, and the list of
// all of them to jump to each.
import type { PlayerEnrichment } from '../contract/player-config.js';
import { h, uniqueId } from './dom.js';
import { renderEnrichment, typeText } from './enrichment-content.js';
import { formatTime } from './format-time.js';
import type { Texts } from './texts.js';

export interface EnrichmentPanel {
  /** Shows `enrichment` (or the empty message) and marks it in the list. */
  show(enrichment: PlayerEnrichment | null): void;
}

function listItem(enrichment: PlayerEnrichment, texts: Texts, onJump: (enrichment: PlayerEnrichment) => void): HTMLLIElement {
  const button = h('button', 'lectern-enrichments__jump', { type: 'button', 'data-enrichment-id': String(enrichment.id) }, [
    h('span', 'lectern-enrichments__time', {}, [formatTime(enrichment.start)]),
    h('span', 'lectern-enrichments__name', {}, [enrichment.title]),
    h('span', 'lectern-enrichments__type', {}, [typeText(enrichment.type, texts)]),
  ]);
  button.addEventListener('click', () => onJump(enrichment));
  return h('li', '', {}, [button]);
}

export function createEnrichmentPanel(
  container: HTMLElement,
  enrichments: readonly PlayerEnrichment[],
  texts: Texts,
  onJump: (enrichment: PlayerEnrichment) => void,
): EnrichmentPanel {
  const titleId = uniqueId('lectern-enrichments-title');
  const current = h('div', 'lectern-enrichments__current');
  const empty = h('p', 'lectern-enrichments__empty', {}, [texts('enrichmentNone')]);
  const sorted = [...enrichments].sort((a, b) => a.start - b.start);
  const items = sorted.map((enrichment) => listItem(enrichment, texts, onJump));
  const list = h('details', 'lectern-enrichments__all', { open: '' }, [
    h('summary', '', {}, [`${texts('enrichmentsAll')} (${enrichments.length})`]),
    h('ol', 'lectern-enrichments__list', {}, items),
  ]);
  container.append(h('h2', 'lectern-enrichments__heading', { id: titleId }, [texts('enrichments')]), current, list);
  container.setAttribute('aria-labelledby', titleId);
  current.append(empty);
  return {
    show(enrichment) {
      current.replaceChildren(enrichment ? renderEnrichment(enrichment, texts) : empty);
      for (const [index, item] of items.entries()) {
        const button = item.firstElementChild;
        if (sorted[index] === enrichment) button?.setAttribute('aria-current', 'true');
        else button?.removeAttribute('aria-current');
      }
    },
  };
}
