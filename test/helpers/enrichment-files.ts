import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestApp } from './test-app.js';

/** Small files for chapters, tracks and enrichments tests, made here (never committed media). */

export const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nBonjour à tous\n\n00:00:05.000 --> 00:00:08.000\nCommençons\n';

export const SRT = '1\r\n00:00:01,000 --> 00:00:04,000\r\nHello <i>everyone</i>\r\n\r\n2\r\n00:00:05,000 --> 00:00:08,000\r\nLet us start\r\n';

/** A 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');

export const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Names of the files under `videos/<id>/<folder>` in the test app's storage (none when it does not exist). */
export async function storedFiles(ctx: TestApp, videoId: number, folder: 'tracks' | 'enrichments'): Promise<string[]> {
  return (await readdir(path.join(ctx.varDir, 'media', 'videos', String(videoId), folder)).catch(() => [] as string[])).sort();
}

export async function storedFile(ctx: TestApp, videoId: number, fileKey: string): Promise<Buffer> {
  return readFile(path.join(ctx.varDir, 'media', 'videos', String(videoId), fileKey));
}

/** Files left in the uploads folder (request files must never stay there). */
export async function leftoverUploads(ctx: TestApp): Promise<string[]> {
  return (await readdir(path.join(ctx.varDir, 'uploads')).catch(() => [] as string[])).filter((name) => name.startsWith('multipart-'));
}
