import { fill } from './format.js';

/** The page's texts, rendered by the server in its language (scriptTexts in import-run.view.ts). */
interface Texts {
  rows: string;
  runStatus: Record<string, string>;
  videoStatus: Record<string, string>;
  step: Record<string, string>;
  starting: string;
  progress: string;
  progressText: string;
}

/** What we read of GET /admin/imports/:id/progress.json. */
interface ImportedVideo {
  id: number;
  status: string;
  encoding: { step: string | null; progress: number } | null;
}

interface Progress {
  status: string;
  blocked: boolean;
  total: number;
  processed: number;
  created: number;
  unchanged: number;
  rejected: number;
  videos: ImportedVideo[];
}

const POLL_MS = 1500;
const LIVE_VIDEO = new Set(['queued', 'encoding']);

async function fetchProgress(url: string): Promise<Progress | null> {
  try {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    // A redirect is the login page (the session is over): stop quietly, the refresh link stays.
    if (!response.ok || response.redirected) return null;
    return (await response.json()) as Progress;
  } catch {
    return null; // Offline for a moment, or cut off mid-answer: the next poll tries again.
  }
}

/** One imported video's row: its status badge and encoding bar. */
function showVideo(row: HTMLElement, video: ImportedVideo, texts: Texts): void {
  row.dataset.status = video.status;
  const badge = row.querySelector<HTMLElement>('.badge[data-status]');
  if (badge) {
    badge.className = `badge status-${video.status}`;
    badge.dataset.status = video.status;
    badge.textContent = texts.videoStatus[video.status] ?? video.status;
  }
  const panel = row.querySelector<HTMLElement>('.encoding-progress');
  if (!panel) return;
  const encoding = video.status === 'encoding';
  panel.hidden = !encoding;
  const progress = encoding ? (video.encoding?.progress ?? 0) : 0;
  const params = { percent: Math.floor(progress), step: (video.encoding?.step && texts.step[video.encoding.step]) || texts.starting };
  const bar = panel.querySelector('progress');
  if (bar) {
    bar.value = progress;
    bar.setAttribute('aria-label', fill(texts.progress, params));
  }
  const step = panel.querySelector<HTMLElement>('[data-encoding-step]');
  if (step) step.textContent = fill(texts.progressText, params);
}

/**
 * Keeps an import run's page current: polls its progress.json while the run goes on and while
 * its videos encode, moving the bar and the counts (a polite live region). When the run ends
 * the page reloads once, to show the report the server renders. Without JavaScript, the page's
 * Refresh link does the same by hand.
 */
export function enhanceImportProgress(root: Document): void {
  const found = root.querySelector<HTMLElement>('[data-import-progress]');
  if (!found || found.dataset.live !== 'true') return;
  const section: HTMLElement = found;
  const texts = JSON.parse(section.dataset.texts ?? '{}') as Texts;
  const url = section.dataset.importProgress!;
  const shownStatus = section.dataset.status;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let busy = false;
  let done = false;

  function showRun(progress: Progress): void {
    const bar = section.querySelector('progress');
    if (bar) {
      bar.max = Math.max(progress.total, 1);
      bar.value = progress.processed;
    }
    const rows = section.querySelector<HTMLElement>('[role="status"]');
    const text = fill(texts.rows, { processed: progress.processed, total: progress.total, created: progress.created, unchanged: progress.unchanged, rejected: progress.rejected });
    if (rows && rows.textContent !== text) rows.textContent = text;
    for (const video of progress.videos) {
      const row = root.querySelector<HTMLElement>(`tr[data-video-id="${video.id}"]`);
      if (row) showVideo(row, video, texts);
    }
  }

  async function tick(): Promise<void> {
    timer = undefined;
    if (root.hidden || busy || done) return;
    busy = true;
    const progress = await fetchProgress(url);
    busy = false;
    if (progress) {
      showRun(progress);
      if (progress.status !== shownStatus) {
        done = true;
        root.defaultView?.location.reload();
        return;
      }
      done = progress.status !== 'running' && !progress.videos.some((video) => LIVE_VIDEO.has(video.status));
      if (done) return;
    }
    timer = setTimeout(() => void tick(), POLL_MS);
  }

  root.addEventListener('visibilitychange', () => {
    if (!root.hidden && timer === undefined) void tick();
  });
  timer = setTimeout(() => void tick(), POLL_MS);
}
