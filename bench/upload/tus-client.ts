import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileBody, header, oneSocketAgent, send, type Answer } from './http-send.js';

/**
 * A lean tus 1.0 client over node:http: one creation, then PATCH requests of `chunkSize`
 * bytes streamed from the file (keep-alive, one socket), as tus-js-client does with its
 * `chunkSize` option. Timing runs from the creation to the final PATCH's response, so it
 * includes what the server does with the last byte (ffprobe, move into storage).
 */
export interface TusUploadOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly filePath: string;
  readonly size: number;
  readonly chunkSize: number;
  readonly readSize: number;
  readonly filename: string;
}

export interface TusUploadResult {
  /** Status of the final PATCH (204 when the video was filed), or of the request that failed. */
  readonly status: number;
  /** Problem body when the status is not 2xx. */
  readonly detail: string;
  /** Bytes sent, counting the PATCH that answered `status`. */
  readonly bytesSent: number;
  readonly patches: number;
  /** Creation request to final response. */
  readonly totalMs: number;
  /** Last byte handed to the socket to the final response: server drain + probe + filing. */
  readonly finishMs: number;
  readonly videoId: number | null;
}

const TUS = { 'Tus-Resumable': '1.0.0' };

async function create(options: TusUploadOptions, agent: http.Agent, auth: Record<string, string>): Promise<URL> {
  const metadata = `filename ${Buffer.from(options.filename).toString('base64')}`;
  const headers = { ...TUS, ...auth, 'Upload-Length': String(options.size), 'Upload-Metadata': metadata, 'Content-Length': '0' };
  const answer = await send(new URL('/api/v1/uploads', options.baseUrl), 'POST', headers, agent);
  const location = header(answer, 'location');
  if (answer.status !== 201 || !location) throw new Error(`tus creation answered ${answer.status}: ${answer.body}`);
  return new URL(location, options.baseUrl);
}

function patch(options: TusUploadOptions, target: URL, offset: number, length: number, agent: http.Agent, auth: Record<string, string>): Promise<Answer> {
  const headers = { ...TUS, ...auth, 'Content-Type': 'application/offset+octet-stream', 'Upload-Offset': String(offset), 'Content-Length': String(length) };
  return send(target, 'PATCH', headers, agent, fileBody({ path: options.filePath, start: offset, length, readSize: options.readSize }));
}

function result(answer: Answer, bytesSent: number, patches: number, started: number): TusUploadResult {
  const now = performance.now();
  const videoId = Number(header(answer, 'lectern-video-id'));
  return {
    status: answer.status,
    detail: answer.status < 300 ? '' : answer.body,
    bytesSent,
    patches,
    totalMs: now - started,
    finishMs: now - answer.sentAt,
    videoId: answer.status === 204 && Number.isSafeInteger(videoId) ? videoId : null,
  };
}

export async function tusUpload(options: TusUploadOptions): Promise<TusUploadResult> {
  const agent = oneSocketAgent();
  const auth = { Authorization: `Token ${options.token}` };
  try {
    const started = performance.now();
    const target = await create(options, agent, auth);
    let offset = 0;
    let patches = 0;
    // Bounded: every accepted PATCH moves the offset forward, anything else ends the upload.
    for (;;) {
      const length = Math.min(options.chunkSize, options.size - offset);
      const answer = await patch(options, target, offset, length, agent, auth);
      patches += 1;
      const serverOffset = Number(header(answer, 'upload-offset'));
      if (answer.status !== 204 || serverOffset !== offset + length) return result(answer, offset + length, patches, started);
      offset = serverOffset;
      if (offset >= options.size) return result(answer, offset, patches, started);
    }
  } finally {
    agent.destroy();
  }
}

/** Removes a filed video (and its source file) so the disk has room for the next pass. */
export async function deleteVideo(baseUrl: string, token: string, videoId: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: false });
  try {
    const answer = await send(new URL(`/api/v1/videos/${videoId}`, baseUrl), 'DELETE', { Authorization: `Token ${token}` }, agent);
    if (answer.status !== 204) throw new Error(`DELETE video ${videoId} answered ${answer.status}: ${answer.body}`);
  } finally {
    agent.destroy();
  }
}
