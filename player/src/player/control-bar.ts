// Where Lectern's buttons go in video.js's control bar.
import type { Component, Player } from './vjs.js';

/** The keyboard help button's name among the control bar's children. */
export const HELP_BUTTON_NAME = 'LecternHelpButton';

/**
 * Adds `component` to the control bar before the first of `before` (component names) that is
 * there, else at the end.
 */
export function addToControlBar(player: Player, component: Component, before: readonly string[]): void {
  const controlBar = player.getChild('ControlBar');
  if (!controlBar) return;
  const children = controlBar.children();
  const next = before.map((name) => controlBar.getChild(name)).find((child) => child !== undefined);
  controlBar.addChild(component, {}, next ? children.indexOf(next) : children.length);
}
