// Chapters: a menu in the control bar (keyboard-operable, the current chapter marked) and
// markers on the progress bar.
import type { PlayerChapter } from '../contract/player-config.js';
import { activeAt, chapterRanges, type Timed } from './active-items.js';
import { addToControlBar } from './control-bar.js';
import { formatTime } from './format-time.js';
import type { Texts } from './texts.js';
import { MenuButton, MenuItem, type Player } from './vjs.js';

type ChapterRange = PlayerChapter & Timed;

interface ChapterItemOptions {
  readonly label: string;
  readonly title: string;
  readonly start: number;
  readonly selected: boolean;
}

class ChapterItem extends MenuItem {
  constructor(player: Player, options: ChapterItemOptions) {
    super(player, { ...options, selectable: true });
    this.addClass('lectern-chapter-item');
    // "1:23 Title", the time in its own span so that it lines up.
    const text = this.el().querySelector('.vjs-menu-item-text');
    if (text) {
      const time = document.createElement('span');
      time.className = 'lectern-chapter-time';
      time.textContent = formatTime(options.start);
      text.replaceChildren(time, ` ${options.title}`);
    }
  }

  override handleClick(event: Event): void {
    super.handleClick(event);
    (this.player_ as Player).currentTime((this.options_ as ChapterItemOptions).start);
  }

  start(): number {
    return (this.options_ as ChapterItemOptions).start;
  }
}

interface ChaptersMenuOptions {
  readonly chapters: readonly ChapterRange[];
  readonly title: string;
}

class ChaptersMenuButton extends MenuButton {
  constructor(player: Player, options: ChaptersMenuOptions) {
    super(player, options);
    this.controlText(options.title);
    this.addClass('lectern-chapters');
  }

  override buildCSSClass(): string {
    return `vjs-chapters-button ${super.buildCSSClass()}`;
  }

  override createItems(): ChapterItem[] {
    const { chapters } = this.options_ as ChaptersMenuOptions;
    return chapters.map((chapter) => new ChapterItem(this.player_ as Player, { label: chapter.title, title: chapter.title, start: chapter.start, selected: false }));
  }

  markCurrent(current: ChapterRange | null): void {
    for (const item of (this.items as unknown as ChapterItem[] | undefined) ?? []) {
      item.selected(current !== null && item.start() === current.start);
    }
  }
}

function addMarkers(player: Player, chapters: readonly ChapterRange[], durationSeconds: number, texts: Texts): void {
  const seekBar = player.getChild('ControlBar')?.getChild('ProgressControl')?.getChild('SeekBar');
  if (!seekBar) return;
  const markers = chapters
    .filter((chapter) => chapter.start > 0)
    .map((chapter) => {
      const marker = document.createElement('span');
      marker.className = 'lectern-chapter-marker';
      marker.setAttribute('aria-hidden', 'true');
      marker.title = texts('chapterMarker', { title: chapter.title });
      seekBar.el().appendChild(marker);
      return { marker, start: chapter.start };
    });
  const place = () => {
    const duration = player.duration() || durationSeconds;
    for (const { marker, start } of markers) {
      marker.hidden = !(duration > 0 && start < duration);
      if (duration > 0) marker.style.left = `${(start / duration) * 100}%`;
    }
  };
  place();
  player.on('durationchange', place);
}

export interface ChaptersHandle {
  /** The chapter playing at `time`, for the progress bar's preview. */
  titleAt(time: number): string | null;
}

/** Adds the chapters menu (before the subtitles button) and the progress bar markers. */
export function addChapters(player: Player, chapters: readonly PlayerChapter[], durationSeconds: number, texts: Texts): ChaptersHandle {
  const ranges = chapterRanges(chapters);
  if (ranges.length === 0) return { titleAt: () => null };
  const button = new ChaptersMenuButton(player, { chapters: ranges, title: texts('chapters') });
  addToControlBar(player, button, ['SubsCapsButton', 'PictureInPictureToggle', 'FullscreenToggle']);
  addMarkers(player, ranges, durationSeconds, texts);
  let current: ChapterRange | null = null;
  player.on('timeupdate', () => {
    const now = activeAt(ranges, player.currentTime() ?? 0);
    if (now !== current) {
      current = now;
      button.markCurrent(now);
    }
  });
  return { titleAt: (time) => activeAt(ranges, time)?.title ?? null };
}
