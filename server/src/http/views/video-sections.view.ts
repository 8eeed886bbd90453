import type { Request } from 'express';
import { html, type SafeHtml } from './html.js';

export const ENRICHMENT_SECTIONS = ['chapters', 'tracks', 'enrichments', 'overlays'] as const;
export type EnrichmentSection = (typeof ENRICHMENT_SECTIONS)[number];

/** The owner's pages of one video: its details, then what enriches it. */
export function videoSectionNav(req: Request, videoId: number, current: 'edit' | EnrichmentSection): SafeHtml {
  const link = (section: 'edit' | EnrichmentSection, label: string) => {
    const href = `/my/videos/${videoId}/${section}`;
    return html`<li><a href="${href}"${current === section ? html` aria-current="page"` : ''}>${label}</a></li>`;
  };
  return html`<nav class="video-sections" aria-label="${req.t('enrichments.nav.label')}">
    <ul class="status-counts">
      ${link('edit', req.t('enrichments.nav.edit'))}
      ${ENRICHMENT_SECTIONS.map((section) => link(section, req.t(`enrichments.${section}.title`)))}
    </ul>
  </nav>`;
}
