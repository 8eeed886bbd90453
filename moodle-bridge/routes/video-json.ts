import type { BridgeClient } from '../../server/src/domain/bridge/bridge-client.js';
import type { Discipline } from '../../server/src/domain/videos/reference-data-repository.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { thumbnailPath } from '../presenters/user-video.presenter.js';
import { presentVideo } from '../presenters/video.presenter.js';
import type { BridgeContext } from './bridge-context.js';

/** Pod's Video JSON of one video, with its media grant and the site's disciplines. */
export function videoJson(ctx: BridgeContext, video: Video, disciplines: ReadonlyMap<number, Discipline>) {
  const grant = ctx.grantFor(video);
  return presentVideo(video, { urls: ctx.urls, grant, disciplines, thumbnailPath: thumbnailPath(video, { urls: ctx.urls, grant, defaultThumbnailPath: ctx.defaultThumbnailPath }) });
}

/** The same, looking the site's disciplines up. */
export async function videoJsonOf(ctx: BridgeContext, client: BridgeClient, video: Video) {
  const disciplines = await ctx.services.bridgeCatalogue.disciplines(client);
  return videoJson(ctx, video, disciplines);
}
