// The quality menu in the control bar: Auto (with the level playing now) and each level.
import { addToControlBar, HELP_BUTTON_NAME } from './control-bar.js';
import type { QualityOption } from './quality-options.js';
import type { Texts } from './texts.js';
import { MenuButton, MenuItem, type Component, type Player } from './vjs.js';

/** What the menu needs from an engine (hls.js levels or the progressive MP4 files). */
export interface QualitySource {
  /** Best first. */
  options(): QualityOption[];
  /** Whether the engine can choose by itself ("Auto"). */
  readonly hasAuto: boolean;
  /** The level asked for (an option's index), -1 for Auto. */
  requested(): number;
  /** The level playing now, -1 when unknown. */
  playing(): number;
  request(index: number): void;
  onChange(listener: () => void): void;
}

interface QualityMenuOptions {
  readonly source: QualitySource;
  readonly texts: Texts;
}

interface QualityItemOptions {
  readonly label: string;
  readonly index: number;
  readonly selected: boolean;
  readonly source: QualitySource;
}

class QualityItem extends MenuItem {
  constructor(player: Player, options: QualityItemOptions) {
    super(player, { ...options, selectable: true });
    this.addClass('lectern-quality-item');
  }

  override handleClick(event: Event): void {
    super.handleClick(event);
    const { source, index } = this.options_ as QualityItemOptions;
    source.request(index);
  }

  index(): number {
    return (this.options_ as QualityItemOptions).index;
  }

  setLabel(text: string): void {
    const textEl = this.el().querySelector('.vjs-menu-item-text');
    if (textEl) textEl.textContent = text;
  }
}

function labelOf(source: QualitySource, index: number): string {
  return source.options().find((option) => option.index === index)?.label ?? '';
}

function autoLabel(source: QualitySource, texts: Texts): string {
  const playing = labelOf(source, source.playing());
  return playing ? texts('qualityAutoPlaying', { quality: playing }) : texts('qualityAuto');
}

class QualityMenuButton extends MenuButton {
  constructor(player: Player, options: QualityMenuOptions) {
    super(player, options);
    this.addClass('lectern-quality');
    const value = document.createElement('span');
    value.className = 'lectern-quality-value';
    value.setAttribute('aria-hidden', 'true');
    this.el().appendChild(value);
    options.source.onChange(() => this.refresh());
    this.refresh();
  }

  override buildCSSClass(): string {
    return `lectern-quality-button ${super.buildCSSClass()}`;
  }

  override createItems(): QualityItem[] {
    const { source, texts } = this.options_ as QualityMenuOptions;
    const requested = source.requested();
    // One level (and Auto) is no choice: hide the button.
    this.hideThreshold_ = source.hasAuto ? 2 : 1;
    const items = source.options().map(
      (option) => new QualityItem(this.player_ as Player, { label: option.label, index: option.index, selected: option.index === requested, source }),
    );
    if (source.hasAuto && items.length > 0) {
      items.unshift(new QualityItem(this.player_ as Player, { label: autoLabel(source, texts), index: -1, selected: requested === -1, source }));
    }
    return items;
  }

  /** Rebuilds the entries when the levels changed, else updates marks and labels in place. */
  refresh(): void {
    const { source, texts } = this.options_ as QualityMenuOptions;
    const items = (this.items as unknown as QualityItem[] | undefined) ?? [];
    const expected = source.options().length + (source.hasAuto && source.options().length > 0 ? 1 : 0);
    if (items.length !== expected) this.update();
    const requested = source.requested();
    for (const item of (this.items as unknown as QualityItem[] | undefined) ?? []) {
      item.selected(item.index() === requested);
      if (item.index() === -1) item.setLabel(autoLabel(source, texts));
    }
    const shown = requested === -1 ? texts('qualityAuto') : labelOf(source, requested);
    const value = this.el().querySelector('.lectern-quality-value');
    if (value) value.textContent = shown;
    this.controlText(texts('qualityCurrent', { quality: requested === -1 ? autoLabel(source, texts) : shown }));
  }
}

/** Adds the quality menu after the subtitles (hidden while there is one level or none). */
export function addQualityMenu(player: Player, source: QualitySource, texts: Texts): Component {
  const button = new QualityMenuButton(player, { source, texts });
  addToControlBar(player, button, ['PictureInPictureToggle', HELP_BUTTON_NAME, 'FullscreenToggle']);
  return button;
}
