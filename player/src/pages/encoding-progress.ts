import { fill } from './format.js';

/** The page's texts, rendered by the server in its language (encodingAnnouncer in encoding-state.view.ts). */
interface Texts {
  status: Record<string, string>;
  step: Record<string, string>;
  error: Record<string, string>;
  unknownError: string;
  starting: string;
  progress: string;
  progressText: string;
  retryAt: string;
  lastFailure: string;
  announce: Record<string, string>;
}

/** What we read of GET /api/v1/videos/:id. */
interface VideoState {
  title: string;
  status: string;
  encoding: { step: string | null; progress: number; error_code: string | null; error_message: string | null; retry_at: string | null } | null;
}

const POLL_MS = 2000;
const LIVE = new Set(['queued', 'encoding']);

function failureReason(video: VideoState, texts: Texts): string {
  const code = video.encoding?.error_code;
  return (code && texts.error[code]) || video.encoding?.error_message || texts.unknownError;
}

function retryText(video: VideoState, texts: Texts, locale: string): string {
  const retryAt = video.encoding?.retry_at;
  if (video.status !== 'queued' || !retryAt) return '';
  const time = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { timeStyle: 'short' }).format(new Date(retryAt));
  const retry = fill(texts.retryAt, { time });
  return video.encoding?.error_code ? `${retry} — ${fill(texts.lastFailure, { reason: failureReason(video, texts) })}` : retry;
}

/** Rewrites the badge, bar, step and retry time inside one live element. */
function showState(element: HTMLElement, video: VideoState, texts: Texts, locale: string): void {
  element.dataset.status = video.status;
  for (const badge of element.querySelectorAll<HTMLElement>('.badge[data-status]')) {
    badge.className = `badge status-${video.status}`;
    badge.dataset.status = video.status;
    badge.textContent = texts.status[video.status] ?? video.status;
  }
  const encoding = video.status === 'encoding';
  const progress = encoding ? (video.encoding?.progress ?? 0) : 0;
  const step = (video.encoding?.step && texts.step[video.encoding.step]) || texts.starting;
  const params = { percent: Math.floor(progress), step };
  const panel = element.querySelector<HTMLElement>('[data-encoding-progress]');
  if (panel) panel.hidden = !encoding;
  const bar = panel?.querySelector('progress');
  if (bar) {
    bar.value = progress;
    bar.setAttribute('aria-label', fill(texts.progress, params));
  }
  const stepText = panel?.querySelector<HTMLElement>('[data-encoding-step]');
  if (stepText) stepText.textContent = fill(texts.progressText, params);
  const retry = element.querySelector<HTMLElement>('[data-encoding-retry]');
  if (retry) {
    // Once failed, the same line carries the reason (when the final fragment cannot be fetched).
    retry.textContent = video.status === 'failed' ? failureReason(video, texts) : retryText(video, texts, locale);
    retry.hidden = retry.textContent === '';
  }
}

/** What to focus in the new markup so that keyboard users stay where they were. */
function focusTarget(old: Element, fresh: Element): HTMLElement | null {
  const active = old.ownerDocument.activeElement;
  if (!active || !old.contains(active)) return null;
  const href = active.getAttribute('href');
  const action = active.closest('form')?.getAttribute('action');
  const selector = href !== null ? `a[href="${CSS.escape(href)}"]` : action ? `form[action="${CSS.escape(action)}"] button` : null;
  return (selector ? fresh.querySelector<HTMLElement>(selector) : null) ?? fresh.querySelector<HTMLElement>('a[href], button');
}

/** Swaps in the server's final markup (retry button, thumbnails…); false when it could not be had. */
async function swapFragment(element: HTMLElement, url: string): Promise<boolean> {
  const response = await fetch(url, { headers: { Accept: 'text/html' }, credentials: 'same-origin', cache: 'no-store' });
  // A redirect means the session is over (the login page): keep the updated element instead.
  if (!response.ok || response.redirected) return false;
  const template = element.ownerDocument.createElement('template');
  template.innerHTML = await response.text();
  const fresh = template.content.firstElementChild;
  if (!fresh || fresh.tagName !== element.tagName) return false;
  const focus = focusTarget(element, fresh);
  element.replaceWith(fresh);
  focus?.focus();
  return true;
}

async function fetchVideo(id: string): Promise<VideoState | 'gone' | null> {
  let response: Response;
  try {
    // no-store: the video's ETag is its edit version, which encoding progress does not change.
    response = await fetch(`/api/v1/videos/${encodeURIComponent(id)}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return null; // Offline for a moment: the next poll tries again.
  }
  if (response.status === 401 || response.status === 403 || response.status === 404) return 'gone';
  if (!response.ok) return null;
  try {
    return (await response.json()) as VideoState;
  } catch {
    return null; // Cut off mid-answer: the next poll tries again.
  }
}

/**
 * Keeps the encoding state of queued and encoding videos current: elements marked
 * data-encoding-live="<video id>" are updated from GET /api/v1/videos/:id every 2 s while the
 * tab is visible; when the encoding ends, those with data-fragment are replaced by the
 * server's markup for the final state. Status changes are announced politely.
 */
export function enhanceEncodingProgress(root: Document): void {
  const found = root.querySelector<HTMLElement>('#encoding-announcer');
  if (!found) return;
  const announcer: HTMLElement = found;
  const texts = JSON.parse(announcer.dataset.texts ?? '{}') as Texts;
  const locale = root.documentElement.lang || 'en';
  const lastStatus = new Map<string, string>();
  for (const element of root.querySelectorAll<HTMLElement>('[data-encoding-live]')) {
    if (!lastStatus.has(element.dataset.encodingLive!)) lastStatus.set(element.dataset.encodingLive!, element.dataset.status ?? '');
  }
  if (!lastStatus.size) return;

  const elementsOf = (id: string) => [...root.querySelectorAll<HTMLElement>(`[data-encoding-live="${CSS.escape(id)}"]`)];

  /** The final state: the server's markup where there is a fragment, else what showState wrote. */
  async function finish(id: string): Promise<void> {
    for (const element of elementsOf(id)) {
      const url = element.dataset.fragment;
      // Offline at that moment: the element already shows the final state in words (showState).
      const swapped = url ? await swapFragment(element, url).catch(() => false) : false;
      if (!swapped) element.removeAttribute('data-encoding-live');
    }
  }

  async function poll(id: string, said: string[]): Promise<void> {
    const video = await fetchVideo(id);
    if (video === 'gone') lastStatus.delete(id);
    if (!video || video === 'gone') return;
    for (const element of elementsOf(id)) showState(element, video, texts, locale);
    if (video.status !== lastStatus.get(id)) {
      const template = texts.announce[video.status];
      if (template) said.push(fill(template, { title: video.title, reason: failureReason(video, texts) }));
      lastStatus.set(id, video.status);
    }
    if (!LIVE.has(video.status)) {
      lastStatus.delete(id);
      await finish(id);
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = false;
  const schedule = () => {
    if (timer === undefined && !busy && !root.hidden && lastStatus.size) timer = setTimeout(() => void tick(), POLL_MS);
  };
  async function tick(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    if (busy || root.hidden) return;
    busy = true;
    const said: string[] = [];
    try {
      // One video's trouble must not stop the others: report it and go on polling.
      await Promise.all([...lastStatus.keys()].map((id) => poll(id, said).catch((error: unknown) => reportError(error))));
    } finally {
      busy = false;
      if (said.length) announcer.textContent = said.join(' ');
      schedule();
    }
  }
  root.addEventListener('visibilitychange', () => {
    if (!root.hidden) {
      void tick();
      return;
    }
    clearTimeout(timer);
    timer = undefined;
  });
  schedule();
}
