// Subtitles and captions: sidecar WebVTT files as remote text tracks (so they work with
// CLOSED-CAPTIONS=NONE in the HLS master, and natively on Safari, iOS full screen included),
// and the "c" key's on/off switch.
import type { PlayerTrack } from '../contract/player-config.js';
import type { Player } from './vjs.js';

export function addTracks(player: Player, tracks: readonly PlayerTrack[]): void {
  for (const track of tracks) {
    // manualCleanup: the tracks stay when the source changes (MP4 quality switch, fallback).
    player.addRemoteTextTrack({ kind: track.kind, srclang: track.lang, label: track.label, src: track.src }, true);
  }
}

interface CaptionTrack {
  mode: TextTrackMode;
  readonly kind: string;
  readonly label: string;
  readonly language: string;
}

function captionTracks(player: Player): CaptionTrack[] {
  const list = player.textTracks() as unknown as ArrayLike<CaptionTrack>;
  return Array.from(list).filter((track) => track.kind === 'subtitles' || track.kind === 'captions');
}

export interface CaptionsSwitch {
  /** Turns subtitles off, or back on (the last ones shown, else the interface language's, else the first); returns the label shown, '' for off, null when there are none. */
  toggle(): string | null;
}

export function captionsSwitch(player: Player, language: string): CaptionsSwitch {
  let last: CaptionTrack | null = null;
  return {
    toggle() {
      const tracks = captionTracks(player);
      if (tracks.length === 0) return null;
      const showing = tracks.find((track) => track.mode === 'showing');
      if (showing) {
        last = showing;
        showing.mode = 'disabled';
        return '';
      }
      const chosen = (last && tracks.includes(last) ? last : null) ?? tracks.find((track) => track.language === language) ?? tracks[0];
      if (!chosen) return null;
      chosen.mode = 'showing';
      return chosen.label;
    },
  };
}
