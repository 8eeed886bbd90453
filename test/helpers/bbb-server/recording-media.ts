/**
 * The files a published recording has on disk: the `video` format's index.html (as
 * record-and-playback/video/playback/video/index.html.erb renders it) and caption_<locale>.vtt,
 * plus generated media: a faststart H.264/AAC .m4v like bbb-playback-video's stock output and a
 * Vorbis audio.ogg for `podcast`. Made once per run with ffmpeg (never committed media).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cached, ffmpeg, runFfmpegTool as run, videoClip } from '../media.js';
import { sha1Hex } from './double-context.js';
import type { CaptionSpec } from './types.js';

/** The published recordings' files (index.html, captions), one folder per recording. */
const dir = mkdtempSync(path.join(os.tmpdir(), 'lectern-bbb-double-'));
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));

/** videoClip() re-packaged with the moov atom first (`-movflags faststart`), as video-0.m4v. */
export function faststartClip(): Promise<string> {
  return cached('video-0.m4v', async (file) => {
    await run(ffmpeg, ['-v', 'error', '-i', await videoClip(), '-c', 'copy', '-movflags', '+faststart', '-f', 'mp4', '-y', file]);
  });
}

/** 2 s of tone as Ogg Vorbis, as the podcast format's audio.ogg. */
export function podcastAudio(): Promise<string> {
  return cached('audio.ogg', async (file) => {
    await run(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=550:sample_rate=44100', '-t', '2', '-c:a', 'libvorbis', '-f', 'ogg', '-y', file]);
  });
}

export interface RecordingFiles {
  readonly folder: string;
  readonly indexHtml: string;
  caption(locale: string): string;
}

export function recordingFiles(recording: { readonly recordID: string }): RecordingFiles {
  const folder = path.join(dir, 'published', sha1Hex(recording.recordID));
  return { folder, indexHtml: path.join(folder, 'index.html'), caption: (locale) => path.join(folder, `caption_${locale}.vtt`) };
}

/** Ruby's CGI.escapeHTML. */
function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** index.html.erb with the stock video.yml (one format: m4v, video/mp4) and no chat. */
export function videoIndexHtml(meetingName: string, captions: readonly CaptionSpec[]): string {
  const name = escapeHtml(meetingName);
  const tracks = captions.map(
    (c) => `              <track kind="captions" label="${escapeHtml(c.label ?? c.locale)}" src="caption_${escapeHtml(c.locale)}.vtt" srclang="${escapeHtml(c.locale)}">`,
  );
  return `<!DOCTYPE html>
<html>
  <head>
    <meta charset="UTF-8">
    <title>${name}</title>
    <link rel="stylesheet" href="css/normalize.css">
    <link rel="stylesheet" href="video-js/video-js.min.css">
    <link rel="stylesheet" href="css/video.css">
    <script src="video-js/video.min.js"></script>
    <script src="js/video.js"></script>
    <meta name="viewport" content="width=device-width, initial-scale=1">
  </head>
  <body>
    <header>
      <h1>${name}</h1>
    </header>
    <main>
      <div id="main-area">
        <div id="video-area">
          <video id="video" class="video-js vjs-fill vjs-default-skin vjs-big-play-centered" controls>
              <source src="video-0.m4v" type="video/mp4">
${tracks.join('\n')}
          </video>
        </div>
      </div>
      <div id="chat-area" style="display:none">
        <h2 class="visually-hidden">Chat Messages</h2>
        <div id="chat" aria-live="polite" role="region" aria-label="Chat Messages"></div>
      </div>
    </main>
    <footer>Recorded with <a href="http://bigbluebutton.org">BigBlueButton</a>.</footer>
  </body>
</html>
`;
}

export async function writeRecordingFiles(recording: { readonly recordID: string; readonly name: string; readonly captions: readonly CaptionSpec[] }): Promise<void> {
  const files = recordingFiles(recording);
  await mkdir(files.folder, { recursive: true });
  await writeFile(files.indexHtml, videoIndexHtml(recording.name, recording.captions));
  for (const caption of recording.captions) await writeFile(files.caption(caption.locale), caption.vtt);
}
