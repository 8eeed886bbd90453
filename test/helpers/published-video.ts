import { cp } from 'node:fs/promises';
import { sql } from 'kysely';
import type { User } from '../../server/src/domain/users/user.js';
import type { Video, VideoCreate } from '../../server/src/domain/videos/video.js';
import { readVideo, videoWithSource, waitForVideo } from './encoding.js';
import { createVideo } from './factories.js';
import type { TestApp } from './test-app.js';

/** A really encoded video (needs an app with a worker): upload `clip`, wait until it is ready. */
export async function encodedVideo(ctx: TestApp, owner: User, clip: string): Promise<Video> {
  const video = await videoWithSource(ctx, owner, clip);
  const ready = await waitForVideo(ctx, video.id, ['ready', 'failed'], 120_000);
  if (ready.status !== 'ready') throw new Error(`the test clip did not encode: ${JSON.stringify(ready.encoding)}`);
  return ready;
}

/**
 * A new video with its own copy of `template`'s published media (a real encoding's files,
 * in a folder of the new video's own, named differently), without encoding again: each test
 * gets a video whose access settings it may change freely.
 */
export async function cloneEncoded(ctx: TestApp, template: Video, owner: User, fields: Partial<VideoCreate> = {}): Promise<Video> {
  if (!template.media) throw new Error('the template video has no published media');
  const video = await createVideo(ctx, owner, { title: `Copy of ${template.title}`, ...fields });
  const folder = `videos/${video.id}/media-copy${video.id}`;
  await cp(ctx.services.storage.localPath(template.media.folder), ctx.services.storage.localPath(folder), { recursive: true });
  await ctx.database.db
    .updateTable('videos')
    .set({
      media_folder: folder,
      media: JSON.stringify(template.media.manifest),
      thumbnail_index: template.media.thumbnailIndex,
      encoded_at: sql`now()`,
      status: 'ready',
      duration_seconds: template.durationSeconds,
    })
    .where('id', '=', video.id)
    .execute();
  return (await readVideo(ctx, video.id))!;
}
