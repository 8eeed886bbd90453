// The preview over the progress bar while the pointer is on it: the storyboard tile, the
// chapter and the time. The storyboard VTT is fetched the first time it is needed.
import { h } from './dom.js';
import { formatTime } from './format-time.js';
import { logDebug } from './log.js';
import { parseStoryboardVtt, tileAt, type StoryboardTile } from './storyboard-vtt.js';
import type { Player } from './vjs.js';

export interface PreviewOptions {
  readonly storyboardVtt: string | null;
  readonly hasChapters: boolean;
  readonly chapterAt: (time: number) => string | null;
  readonly durationSeconds: number;
}

interface PreviewElements {
  readonly box: HTMLElement;
  readonly image: HTMLElement;
  readonly chapter: HTMLElement;
  readonly time: HTMLElement;
}

function buildPreview(): PreviewElements {
  const [image, chapter, time] = [h('div', 'lectern-preview-image'), h('div', 'lectern-preview-chapter'), h('div', 'lectern-preview-time')];
  // Decorative: the progress bar (a slider) already says the time to screen readers.
  const box = h('div', 'lectern-preview', { 'aria-hidden': 'true' }, [image, chapter, time]);
  box.hidden = true;
  return { box, image, chapter, time };
}

async function loadTiles(url: string): Promise<StoryboardTile[]> {
  const response = await fetch(url, { credentials: 'omit' });
  if (!response.ok) throw new Error(`storyboard ${response.status}`);
  return parseStoryboardVtt(await response.text(), url);
}

function showTile(image: HTMLElement, tile: StoryboardTile | null): void {
  image.hidden = tile === null;
  if (!tile) return;
  image.style.backgroundImage = `url("${tile.image.replace(/["\\\n]/g, encodeURIComponent)}")`;
  image.style.backgroundPosition = `-${tile.x}px -${tile.y}px`;
  image.style.width = `${tile.width}px`;
  image.style.height = `${tile.height}px`;
}

/** Shows the box above the pointer, kept inside the progress bar's width. */
function show(preview: PreviewElements, host: HTMLElement, pointerX: number, time: number, chapter: string | null): void {
  preview.chapter.textContent = chapter ?? '';
  preview.chapter.hidden = chapter === null;
  preview.time.textContent = formatTime(time);
  preview.box.hidden = false;
  const hostRect = host.getBoundingClientRect();
  const half = preview.box.offsetWidth / 2;
  preview.box.style.left = `${Math.min(Math.max(pointerX - hostRect.left, half), Math.max(half, hostRect.width - half))}px`;
}

/** The media time under the pointer on the progress bar. */
function timeUnder(bar: HTMLElement, pointerX: number, duration: number): number {
  const rect = bar.getBoundingClientRect();
  return rect.width > 0 ? Math.min(1, Math.max(0, (pointerX - rect.left) / rect.width)) * duration : 0;
}

/** Adds the preview; nothing to add without a storyboard or chapters (video.js shows the time). */
export function addProgressPreview(player: Player, options: PreviewOptions): void {
  const progress = player.getChild('ControlBar')?.getChild('ProgressControl');
  const seekBar = progress?.getChild('SeekBar');
  if (!progress || !seekBar || (options.storyboardVtt === null && !options.hasChapters)) return;
  const preview = buildPreview();
  const host = progress.el() as HTMLElement;
  host.appendChild(preview.box);
  player.addClass('lectern-has-preview');
  let tiles: StoryboardTile[] = [];
  let loading: Promise<void> | null = null;
  let last: PointerEvent | null = null;
  const bar = seekBar.el() as HTMLElement;
  const update = (event: PointerEvent) => {
    last = event;
    load();
    const time = timeUnder(bar, event.clientX, player.duration() || options.durationSeconds);
    showTile(preview.image, tileAt(tiles, time));
    show(preview, host, event.clientX, time, options.chapterAt(time));
  };
  const load = () => {
    if (loading || options.storyboardVtt === null) return;
    loading = loadTiles(options.storyboardVtt)
      .then((loaded) => {
        tiles = loaded;
        // The pointer may still be there, waiting for its first tile.
        if (last && !preview.box.hidden) update(last);
      })
      .catch((error: unknown) => logDebug('the storyboard could not be loaded', error));
  };
  bar.addEventListener('pointermove', update);
  bar.addEventListener('pointerdown', update);
  bar.addEventListener('pointerleave', () => {
    preview.box.hidden = true;
  });
}

