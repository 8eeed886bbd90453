// Full screen that also works inside an LMS iframe: where the host frame does not allow it
// (no allow="fullscreen"), the button opens the full page in a new tab at the current time.
import { pageUrlAt } from './start-time.js';
import type { Texts } from './texts.js';
import type { Player } from './vjs.js';

/** Whether the Fullscreen API may be used here; unknown (iPhone: the video goes full screen itself) counts as yes. */
export function fullscreenAllowed(doc: Document): boolean {
  const vendor = doc as Document & { webkitFullscreenEnabled?: boolean };
  return doc.fullscreenEnabled ?? vendor.webkitFullscreenEnabled ?? true;
}

export interface FullscreenSwitch {
  toggle(): void;
}

export function setupFullscreen(player: Player, pageUrl: string, texts: Texts): FullscreenSwitch {
  if (fullscreenAllowed(document)) {
    return { toggle: () => (player.isFullscreen() ? void player.exitFullscreen() : void player.requestFullscreen()) };
  }
  const openPage = () => {
    player.pause();
    window.open(pageUrlAt(pageUrl, player.currentTime() ?? 0), '_blank', 'noopener');
  };
  const button = player.getChild('ControlBar')?.getChild('FullscreenToggle') as
    | (ReturnType<Player['getChild']> & { enable(): void; controlText(text: string): void; handleClick: (event: Event) => void })
    | undefined;
  if (button) {
    button.enable();
    button.handleClick = openPage;
    button.controlText(texts('fullscreenNewTab'));
    button.addClass('lectern-fullscreen-new-tab');
  }
  return { toggle: openPage };
}
