// After resuming at a saved position: a short notice over the video with a "start from the
// beginning" button, announced politely, gone after a few seconds or once used.
import type { Announcer } from './announcer.js';
import { h } from './dom.js';
import { formatTime } from './format-time.js';
import type { Texts } from './texts.js';
import type { Player } from './vjs.js';

const NOTICE_MS = 10_000;

export function showResumeNotice(player: Player, seconds: number, texts: Texts, announcer: Announcer): void {
  const message = texts('resumed', { time: formatTime(seconds) });
  const button = h('button', 'lectern-resume-notice__restart', { type: 'button' }, [texts('startOver')]);
  const notice = h('div', 'lectern-resume-notice', {}, [h('span', '', {}, [message]), button]);
  const remove = () => {
    // Keeps keyboard users in the player rather than dropping the focus to the page.
    if (notice.contains(document.activeElement)) (player.el() as HTMLElement).focus();
    notice.remove();
  };
  button.addEventListener('click', () => {
    player.currentTime(0);
    remove();
  });
  player.el().insertBefore(notice, player.getChild('ControlBar')?.el() ?? null);
  announcer.say(message);
  setTimeout(remove, NOTICE_MS);
}
