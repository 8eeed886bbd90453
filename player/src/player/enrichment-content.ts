// One enrichment as the panel shows it: image, rich text, embed, link or document.
import type { PlayerEnrichment, PlayerEnrichmentType } from '../contract/player-config.js';
import { h, visuallyHidden } from './dom.js';
import { fileTypeLabel, isSafeLink, linkHost } from './enrichment-format.js';
import type { TextKey } from './text-keys.js';
import type { Texts } from './texts.js';

const TYPE_TEXT: Readonly<Record<PlayerEnrichmentType, TextKey>> = {
  image: 'typeImage',
  richtext: 'typeRichtext',
  weblink: 'typeWeblink',
  document: 'typeDocument',
  embed: 'typeEmbed',
};

export function typeText(type: PlayerEnrichmentType, texts: Texts): string {
  return texts(TYPE_TEXT[type]);
}

function newTabLink(url: string, className: string, children: (Node | string)[], texts: Texts): HTMLAnchorElement {
  return h('a', className, { href: url, target: '_blank', rel: 'noopener noreferrer' }, [...children, visuallyHidden(` ${texts('newTab')}`)]);
}

function imageBody(enrichment: PlayerEnrichment, texts: Texts): HTMLElement {
  if (!enrichment.url) return h('p', 'lectern-enrichment__missing');
  const image = h('img', 'lectern-enrichment__image', { src: enrichment.url, alt: enrichment.title, decoding: 'async' });
  return newTabLink(enrichment.url, 'lectern-enrichment__image-link', [image], texts);
}

function htmlBody(enrichment: PlayerEnrichment): HTMLElement {
  const body = h('div', `lectern-enrichment__html lectern-enrichment__html--${enrichment.type}`);
  // Sanitized by the server (the contract's `html`): inserted as given.
  body.innerHTML = enrichment.html ?? '';
  return body;
}

function linkBody(enrichment: PlayerEnrichment, texts: Texts): HTMLElement {
  const url = enrichment.url ?? '';
  if (!isSafeLink(url)) return h('p', 'lectern-enrichment__missing', {}, [url]);
  const host = linkHost(url);
  const parts = [h('span', 'lectern-link-card__host', {}, [host || url])];
  if (host) parts.push(h('span', 'lectern-link-card__url', {}, [url]));
  return newTabLink(url, 'lectern-link-card', parts, texts);
}

function documentBody(enrichment: PlayerEnrichment, texts: Texts): HTMLElement {
  if (!enrichment.url) return h('p', 'lectern-enrichment__missing');
  const name = enrichment.fileName ?? enrichment.title;
  const type = fileTypeLabel(enrichment.fileType, enrichment.fileName);
  const label = type ? texts('downloadTyped', { name, type }) : texts('download', { name });
  const attributes: Record<string, string> = { href: enrichment.url, download: name };
  if (enrichment.fileType) attributes.type = enrichment.fileType;
  return h('a', 'lectern-download', attributes, [label]);
}

function body(enrichment: PlayerEnrichment, texts: Texts): HTMLElement {
  switch (enrichment.type) {
    case 'image':
      return imageBody(enrichment, texts);
    case 'richtext':
    case 'embed':
      return htmlBody(enrichment);
    case 'weblink':
      return linkBody(enrichment, texts);
    case 'document':
      return documentBody(enrichment, texts);
  }
}

/** The enrichment with its title (a heading) and its type. */
export function renderEnrichment(enrichment: PlayerEnrichment, texts: Texts): HTMLElement {
  return h('article', `lectern-enrichment lectern-enrichment--${enrichment.type}`, { 'data-enrichment-id': String(enrichment.id) }, [
    h('h3', 'lectern-enrichment__title', {}, [enrichment.title, ' ', h('span', 'lectern-enrichment__type', {}, [typeText(enrichment.type, texts)])]),
    body(enrichment, texts),
  ]);
}
