import type { Response } from 'express';
import type { Video } from '../../domain/videos/video.js';
import { presentVideo, videoEtag } from '../presenters/video.presenter.js';

/** Answers with a video's JSON and the ETag of exactly that representation. */
export function sendVideo(res: Response, video: Video, publicUrl: string, status = 200): void {
  const json = presentVideo(video, publicUrl);
  res.status(status).setHeader('ETag', videoEtag(json));
  res.json(json);
}
