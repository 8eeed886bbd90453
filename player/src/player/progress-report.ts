// Reports the segments actually played to Lectern (LTI launches: they become the LMS grade):
// every 15 s while playing, on pause and end, and when the page goes away. A failed report
// never disturbs playback (logged at debug level); the next one carries everything again.
import { createSegmentTracker } from './played-segments.js';
import { sendProgress, type ProgressTarget } from './progress-send.js';
import type { Player } from './vjs.js';

const REPORT_EVERY_MS = 15_000;

export function addProgressReporting(player: Player, target: ProgressTarget): void {
  const tracker = createSegmentTracker();
  let lastReportAt = 0;
  const now = () => player.currentTime() ?? 0;
  const report = () => {
    lastReportAt = Date.now();
    if (!tracker.changed) return;
    tracker.markReported();
    void sendProgress(target, tracker.segments());
  };
  player.on('play', () => {
    if (lastReportAt === 0) lastReportAt = Date.now();
  });
  player.on('timeupdate', () => {
    if (player.paused() || player.seeking()) return;
    tracker.played(now());
    if (Date.now() - lastReportAt >= REPORT_EVERY_MS) report();
  });
  player.on('seeking', () => tracker.cut());
  player.on(['pause', 'ended'], () => {
    if (!player.seeking()) tracker.played(now());
    report();
  });
  window.addEventListener('pagehide', report);
  // Mobile browsers may never fire pagehide for a tab sent to the background and killed.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') report();
  });
}
