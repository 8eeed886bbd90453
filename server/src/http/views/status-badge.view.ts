import type { Request } from 'express';
import type { VideoStatus } from '../../domain/videos/video.js';
import { html, type SafeHtml } from './html.js';

export function statusBadge(req: Request, status: VideoStatus): SafeHtml {
  return html`<span class="badge status-${status}" data-status="${status}">${req.t(`status.${status}`)}</span>`;
}
