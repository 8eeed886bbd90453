import type { Request } from 'express';
import type { BridgeClient } from '../../server/src/domain/bridge/bridge-client.js';
import { NotFoundError, ValidationError } from '../../server/src/domain/errors.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { queryText } from '../http/pod-query.js';
import { HYPERLINK_MESSAGES, hyperlink } from '../schemas/hyperlink.js';
import type { BridgeContext } from './bridge-context.js';

/** The videos chapters and tracks hang from: the `video` filter of their lists, the `video` link of their bodies. */
export function linkedVideos(ctx: BridgeContext) {
  const parse = hyperlink('videos', ctx.publicUrl);

  async function onSite(client: BridgeClient, id: number): Promise<Video | null> {
    try {
      return await ctx.services.bridgeCatalogue.video(client, id);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  return {
    /**
     * `?video=<id or hyperlink>`: malformed → 400; unknown or another site's → null (lists
     * nothing, as encodings_video does); absent → null too: the lists are per video.
     */
    async filter(client: BridgeClient, req: Request): Promise<Video | null> {
      const value = queryText(req, 'video');
      if (!value) return null;
      const parsed = parse(value);
      if (!parsed.ok) throw new ValidationError('invalid_filter', `video: ${parsed.message}`, { fields: [{ path: 'video', message: 'Select a valid choice. That choice is not one of the available choices.' }] });
      return onSite(client, parsed.value);
    },

    /** The video a body links to; one the key's site does not have is DRF's 400 on `video`. */
    async link(client: BridgeClient, id: number): Promise<Video> {
      const video = await onSite(client, id);
      if (!video) throw new ValidationError('unknown_relation', 'The video does not exist.', { fields: [{ path: 'video', message: HYPERLINK_MESSAGES.doesNotExist }] });
      return video;
    },
  };
}
