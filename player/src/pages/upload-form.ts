import * as tus from 'tus-js-client';
import { fill, formatBytes } from './format.js';

interface Texts {
  progressText: string;
  resuming: string;
  paused: string;
  done: string;
  success: string;
  failed: string;
  unfinished: string;
  lost: string;
  network: string;
}

const CHUNK_SIZE = 16 * 1024 * 1024;

/** Why an upload failed, in the page's language: the server's problem detail (localised by it) or our own words. */
function failureReason(error: Error, texts: Texts): string {
  const response = (error as tus.DetailedError).originalResponse;
  if (!response) return texts.network;
  const status = response.getStatus();
  if (status === 404 || status === 410) return texts.lost;
  try {
    const parsed = JSON.parse(response.getBody() ?? '') as { detail?: string };
    if (parsed.detail) return parsed.detail;
  } catch {
    // Not problem JSON (a proxy's page): fall through to the generic text.
  }
  return texts.network;
}

/**
 * Sends the chosen file with tus in 16 MiB chunks. tus-js-client keeps each upload's URL in
 * localStorage under the file's fingerprint, so choosing the same file after a reload (or a
 * crash) resumes where the server stopped; unfinished uploads are listed on arrival.
 */
export function enhanceUploadForm(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('#upload-form');
  if (!form || !tus.isSupported) return;
  const locale = root.documentElement.lang || 'en';
  const texts = JSON.parse(form.dataset.texts ?? '{}') as Texts;
  const endpoint = form.dataset.endpoint!;
  // Our pages authenticate with the session (and its CSRF token); the LTI picker with its picker token.
  const headers: Record<string, string> = form.dataset.pickerToken ? { 'X-Lectern-Picker-Token': form.dataset.pickerToken } : { 'X-CSRF-Token': form.dataset.csrf ?? '' };
  const panel = root.querySelector<HTMLElement>('#upload-progress')!;
  const bar = root.querySelector<HTMLProgressElement>('#upload-bar')!;
  const status = root.querySelector<HTMLElement>('#upload-status')!;
  const errorBox = root.querySelector<HTMLElement>('#upload-error')!;
  const cancel = root.querySelector<HTMLButtonElement>('#upload-cancel')!;
  let current: tus.Upload | null = null;
  let announcedTenth = -1;

  // The bar moves on every event; the live status is rewritten (and so read aloud) every 10 %.
  const show = (sent: number, total: number) => {
    const percent = total ? Math.floor((sent / total) * 100) : 0;
    bar.value = percent;
    bar.setAttribute('aria-valuetext', `${percent}%`);
    const tenth = Math.floor(percent / 10);
    if (tenth === announcedTenth) return;
    announcedTenth = tenth;
    status.textContent = fill(texts.progressText, { percent, done: formatBytes(sent, locale), total: formatBytes(total, locale) });
  };
  const fail = (reason: string) => {
    errorBox.textContent = fill(texts.failed, { reason });
    errorBox.hidden = false;
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled = false;
    panel.hidden = true;
  };

  void listUnfinished(root, texts, locale);

  cancel.addEventListener('click', () => {
    if (!current) return;
    void current.abort(true).then(() => {
      panel.hidden = true;
      form.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled = false;
    });
  });

  form.addEventListener('submit', (event) => {
    const input = form.querySelector<HTMLInputElement>('input[type=file]')!;
    const file = input.files?.[0];
    if (!file) return;
    event.preventDefault();
    errorBox.hidden = true;
    const data = new FormData(form);
    const metadata: Record<string, string> = { filename: file.name, filetype: file.type };
    const title = data.get('title');
    if (typeof title === 'string' && title.trim()) metadata.title = title.trim();
    const videoId = data.get('video_id');
    if (typeof videoId === 'string' && videoId) metadata.videoId = videoId;

    const upload = new tus.Upload(file, {
      endpoint,
      chunkSize: CHUNK_SIZE,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000],
      metadata,
      headers,
      removeFingerprintOnSuccess: true,
      onProgress: show,
      onShouldRetry: (error) => {
        const code = (error as tus.DetailedError).originalResponse?.getStatus() ?? 0;
        if (code >= 400 && code < 500 && code !== 409 && code !== 423) return false;
        status.textContent = texts.paused;
        return true;
      },
      onError: (error) => fail(failureReason(error, texts)),
      onSuccess: ({ lastResponse }) => {
        const id = lastResponse.getHeader('Lectern-Video-Id');
        status.textContent = fill(texts.success, { title: metadata.title ?? file.name });
        bar.value = 100;
        if (!id) return;
        // The picker (data-after-upload="event") adds the new video to its selection; our pages open its edit page.
        if (form.dataset.afterUpload === 'event') form.dispatchEvent(new CustomEvent('lectern:uploaded', { detail: { videoId: id }, bubbles: true }));
        else window.location.assign(`/my/videos/${id}/edit`);
      },
    });
    current = upload;
    announcedTenth = -1;
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled = true;
    panel.hidden = false;
    show(0, file.size);
    void upload.findPreviousUploads().then((previous) => {
      const last = previous[0];
      if (last) {
        status.textContent = texts.resuming;
        upload.resumeFromPreviousUpload(last);
      }
      upload.start();
    });
  });
}

/** Unfinished uploads remembered by this browser, with how far the server got. */
async function listUnfinished(root: Document, texts: Texts, locale: string): Promise<void> {
  const box = root.querySelector<HTMLElement>('#unfinished-uploads');
  if (!box) return;
  const storage = tus.defaultOptions.urlStorage;
  const previous = await storage.findAllUploads();
  for (const entry of previous) {
    const url = entry.uploadUrl;
    if (!url) continue;
    const response = await fetch(url, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' }, credentials: 'same-origin' });
    if (!response.ok) {
      if (entry.urlStorageKey) await storage.removeUpload(entry.urlStorageKey);
      continue;
    }
    const offset = Number(response.headers.get('Upload-Offset') ?? 0);
    const total = Number(response.headers.get('Upload-Length') ?? entry.size ?? 0);
    const percent = total ? Math.floor((offset / total) * 100) : 0;
    const name = String(entry.metadata?.filename ?? '');
    const item = root.createElement('p');
    item.className = 'unfinished';
    item.textContent = fill(texts.unfinished, { name, percent });
    const meter = root.createElement('progress');
    meter.max = 100;
    meter.value = percent;
    meter.setAttribute('aria-label', `${name}: ${percent}% (${formatBytes(offset, locale)})`);
    item.append(' ', meter);
    box.append(item);
  }
}
