// The keyboard shortcuts: a "?" button in the control bar and the "?" key open a dialog inside
// the player (so it shows in full screen too). video.js's ModalDialog keeps the focus in it,
// closes on Escape and gives the focus back.
import { addToControlBar, HELP_BUTTON_NAME } from './control-bar.js';
import { h } from './dom.js';
import type { TextKey } from './text-keys.js';
import type { Texts } from './texts.js';
import { Button, ModalDialog, type Player } from './vjs.js';

/** Each row: the keys (a text key for a key's name, else the key as printed) and what they do. */
const SHORTCUTS: readonly [readonly (string | { readonly text: TextKey })[], TextKey][] = [
  [[{ text: 'keySpace' }, 'k'], 'shortcutPlayPause'],
  [['←'], 'shortcutBack5'],
  [['→'], 'shortcutForward5'],
  [['j'], 'shortcutBack10'],
  [['l'], 'shortcutForward10'],
  [['↑'], 'shortcutVolumeUp'],
  [['↓'], 'shortcutVolumeDown'],
  [['m'], 'shortcutMute'],
  [['c'], 'shortcutCaptions'],
  [['f'], 'shortcutFullscreen'],
  [['0', '9'], 'shortcutJump'],
  [['<'], 'shortcutSlower'],
  [['>'], 'shortcutFaster'],
  [['?'], 'shortcutHelp'],
];

function keys(list: readonly (string | { readonly text: TextKey })[], separator: string, texts: Texts): HTMLElement {
  const term = h('dt', 'lectern-shortcuts__keys');
  list.forEach((key, index) => {
    if (index > 0) term.append(` ${separator} `);
    term.append(h('kbd', '', {}, [typeof key === 'string' ? key : texts(key.text)]));
  });
  return term;
}

function shortcutsContent(texts: Texts): HTMLElement {
  const entries = SHORTCUTS.map(([list, what]) =>
    h('div', 'lectern-shortcuts__entry', {}, [keys(list, what === 'shortcutJump' ? texts('keyTo') : texts('keyOr'), texts), h('dd', '', {}, [texts(what)])]),
  );
  return h('div', 'lectern-shortcuts', {}, [
    h('h2', 'lectern-shortcuts__title', {}, [texts('shortcuts')]),
    h('p', 'lectern-shortcuts__intro', {}, [texts('shortcutsIntro')]),
    h('dl', 'lectern-shortcuts__list', {}, entries),
  ]);
}

class HelpButton extends Button {
  constructor(player: Player) {
    // video.js finds children by their `name` option (getChild), used by addToControlBar.
    super(player, { name: HELP_BUTTON_NAME } as ConstructorParameters<typeof Button>[1]);
  }

  override buildCSSClass(): string {
    return `lectern-help-button ${super.buildCSSClass()}`;
  }
}

export interface HelpDialog {
  open(): void;
}

export function addHelp(player: Player, texts: Texts): HelpDialog {
  const dialog = new ModalDialog(player, { label: texts('shortcuts'), temporary: false, pauseOnOpen: false, content: shortcutsContent(texts) });
  dialog.addClass('lectern-shortcuts-dialog');
  player.addChild(dialog);
  // An audio-only player is one control bar high: player.css makes room while the dialog is open.
  dialog.on('modalopen', () => player.addClass('lectern-dialog-open'));
  dialog.on('modalclose', () => player.removeClass('lectern-dialog-open'));
  const open = () => {
    if (!dialog.opened()) dialog.open();
  };
  const button = new HelpButton(player);
  button.controlText(texts('shortcuts'));
  button.el().querySelector('.vjs-icon-placeholder')?.append(h('span', 'lectern-help-glyph', { 'aria-hidden': 'true' }, ['?']));
  button.on('click', open);
  addToControlBar(player, button, ['FullscreenToggle']);
  return { open };
}
