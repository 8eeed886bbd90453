/**
 * Everything outside the API: BBB's published playback (nginx aliases of
 * /var/bigbluebutton/published) and, for protected recordings, Scalelite's token link and
 * cookie-checked resources (see scalelite-protection.ts). Only `published` recordings are
 * served: unpublishing moves the files out of /published, deleting removes them.
 */
import type http from 'node:http';
import type { DoubleContext } from './double-context.js';
import { sendFile, type BodyPlan } from './media-files.js';
import { recordingFiles } from './recording-media.js';
import { accessCookie, consumeToken, formatPath, hasAccessCookie } from './scalelite-protection.js';
import type { DoubleRecording, PlaybackFormatType } from './types.js';

interface Exchange {
  readonly ctx: DoubleContext;
  readonly req: http.IncomingMessage;
  readonly res: http.ServerResponse;
  readonly url: URL;
}

function record(x: Exchange, status: number): void {
  x.ctx.mediaRequests.push({ path: x.url.pathname, method: x.req.method ?? 'GET', range: x.req.headers.range ?? null, status });
}

function answer(x: Exchange, status: number, headers: Record<string, string>, body = ''): void {
  record(x, status);
  x.res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  x.res.end(x.req.method === 'HEAD' ? '' : body);
}

function notFound(x: Exchange, scalelite = false): void {
  const title = scalelite ? 'Recording not found' : '404 Not Found';
  answer(x, 404, { 'content-type': 'text/html; charset=utf-8' }, `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`);
}

function redirect(x: Exchange, status: 301 | 302 | 307, path: string, extra: Record<string, string> = {}): void {
  answer(x, status, { location: `${x.ctx.origin}${path}`, 'content-type': 'text/html; charset=utf-8', ...extra });
}

function served(ctx: DoubleContext, recordID: string, format: PlaybackFormatType): DoubleRecording | undefined {
  const recording = ctx.recordings.get(recordID);
  return recording && recording.state === 'published' && recording.formats.includes(format) ? recording : undefined;
}

/** The injected media failure for this body, if any (cut and deleteAfter are used up here). */
function bodyPlan(ctx: DoubleContext, recording: DoubleRecording): BodyPlan {
  const entry = ctx.mediaFailures.get(recording.recordID);
  if (!entry) return {};
  const failure = entry.failure;
  if (failure.kind === 'slow') return { bytesPerSecond: failure.bytesPerSecond };
  entry.remaining -= 1;
  if (entry.remaining <= 0) ctx.mediaFailures.delete(recording.recordID);
  if (failure.kind === 'cut') return { cutAfter: failure.afterBytes };
  return { cutAfter: failure.afterBytes, onCut: () => (recording.state = 'deleted') };
}

async function file(x: Exchange, path: string, contentType: string, plan?: () => BodyPlan): Promise<void> {
  await sendFile(x.ctx, x.req, x.res, path, contentType, { onStatus: (status) => record(x, status), ...(plan ? { plan } : {}) });
}

/** The files of /playback/video/<id>/ (and of Scalelite's /video/<id>/). */
async function videoFile(x: Exchange, recording: DoubleRecording, name: string): Promise<void> {
  const files = recordingFiles(recording);
  if (name === '' || name === 'index.html') return file(x, files.indexHtml, 'text/html');
  // nginx's mime.types maps .m4v to video/x-m4v.
  if (name === 'video-0.m4v') return file(x, recording.mediaPath, 'video/x-m4v', () => bodyPlan(x.ctx, recording));
  const caption = /^caption_(.+)\.vtt$/.exec(name);
  if (caption && recording.captions.some((c) => c.locale === caption[1])) return file(x, files.caption(caption[1]!), 'text/vtt');
  notFound(x);
}

/** Scalelite's /recording/<id>/<format>?token=…: consume, set the cookie, 307 to the format. */
function play(x: Exchange, recordID: string, format: string): void {
  const recording = x.ctx.recordings.get(recordID);
  if (!recording || recording.state === 'deleted' || !recording.formats.includes(format as PlaybackFormatType)) return notFound(x, true);
  const target = formatPath(recordID, format as PlaybackFormatType);
  if (!recording.viaToken) return redirect(x, 307, target);
  if (!consumeToken(x.ctx, x.url.searchParams.get('token'), recordID, format)) return notFound(x, true);
  redirect(x, 307, target, { 'set-cookie': accessCookie(x.ctx, recordID, format) });
}

function presentationPage(x: Exchange, recordID: string): void {
  if (!served(x.ctx, recordID, 'presentation')) return notFound(x);
  const html = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Recording Playback</title></head><body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>';
  answer(x, 200, { 'content-type': 'text/html' }, html);
}

type Route = [RegExp, (x: Exchange, m: string[]) => Promise<void> | void];

const ROUTES: Route[] = [
  [/^\/html5client\/join$/, (x) => answer(x, 200, { 'content-type': 'text/html' }, '<!DOCTYPE html><html><head><title>BigBlueButton - Double</title></head><body></body></html>')],
  [/^\/recording\/([^/]+)\/([^/]+)$/, (x, m) => play(x, m[1]!, m[2]!)],
  [/^\/playback\/video\/([^/]+)$/, (x, m) => redirect(x, 301, `/playback/video/${m[1]}/`)],
  [
    /^\/playback\/video\/([^/]+)\/(.*)$/,
    (x, m) => {
      const recording = served(x.ctx, m[1]!, 'video');
      if (!recording) return notFound(x);
      // Scalelite's nginx (presentation-video.nginx): `location ~ "/playback/video/(.*)$" { return 307 /video/$1; }`.
      return recording.viaToken ? redirect(x, 307, `/video/${m[1]}/${m[2]}`) : videoFile(x, recording, m[2]!);
    },
  ],
  [
    /^\/video\/([^/]+)\/(.*)$/,
    (x, m) => {
      const recording = served(x.ctx, m[1]!, 'video');
      if (!recording?.viaToken || !hasAccessCookie(x.ctx, x.req.headers.cookie, m[1]!, 'video')) return notFound(x, true);
      return videoFile(x, recording, m[2]!);
    },
  ],
  [/^\/playback\/presentation\/2\.3\/([^/]+)$/, (x, m) => presentationPage(x, m[1]!)],
  [
    /^\/podcast\/([^/]+)\/audio\.ogg$/,
    (x, m) => {
      const recording = served(x.ctx, m[1]!, 'podcast');
      if (!recording || (recording.viaToken && !hasAccessCookie(x.ctx, x.req.headers.cookie, m[1]!, 'podcast'))) return notFound(x, Boolean(recording?.viaToken));
      return file(x, recording.podcastPath, 'audio/ogg', () => bodyPlan(x.ctx, recording));
    },
  ],
];

export async function handlePlayback(ctx: DoubleContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const x: Exchange = { ctx, req, res, url };
  if (req.method !== 'GET' && req.method !== 'HEAD') return answer(x, 405, { 'content-type': 'text/plain' }, 'Method Not Allowed');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    // A malformed %-escape names no file: nginx answers 400, which is all a client needs to know.
    return answer(x, 400, { 'content-type': 'text/plain' }, 'Bad Request');
  }
  for (const [pattern, handle] of ROUTES) {
    const match = pattern.exec(path);
    if (match) return handle(x, [...match]);
  }
  notFound(x);
}
