import type { Express } from 'express';
import request from 'supertest';

/** The tus 1.0 client side, over supertest, to drive the upload endpoint step by step. */
export const TUS = { 'Tus-Resumable': '1.0.0' };

export function encodeMetadata(metadata: Record<string, string>): string {
  return Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

export function createUpload(app: Express, auth: Record<string, string>, size: number, metadata: Record<string, string> = { filename: 'clip.mp4' }) {
  return request(app)
    .post('/api/v1/uploads')
    .set(TUS)
    .set(auth)
    .set('Upload-Length', String(size))
    .set('Upload-Metadata', encodeMetadata(metadata));
}

export function patchUpload(app: Express, auth: Record<string, string>, location: string, offset: number, bytes: Buffer) {
  return request(app)
    .patch(location)
    .set(TUS)
    .set(auth)
    .set('Upload-Offset', String(offset))
    .set('Content-Type', 'application/offset+octet-stream')
    .send(bytes);
}

export function headUpload(app: Express, auth: Record<string, string>, location: string) {
  return request(app).head(location).set(TUS).set(auth);
}

/** Creates and sends a whole file in one PATCH; returns the final PATCH response. */
export async function uploadWhole(app: Express, auth: Record<string, string>, bytes: Buffer, metadata: Record<string, string> = { filename: 'clip.mp4' }) {
  const created = await createUpload(app, auth, bytes.length, metadata).expect(201);
  const location = created.headers.location as string;
  return { location, response: await patchUpload(app, auth, location, 0, bytes) };
}
