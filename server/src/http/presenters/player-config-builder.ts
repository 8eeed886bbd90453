import type { PlayerConfig } from '../../../../player/src/contract/player-config.js';
import type { PlaybackAccess, PlaybackService } from '../../domain/access/playback-service.js';
import type { User } from '../../domain/users/user.js';
import type { Video } from '../../domain/videos/video.js';
import { textsWithPrefix } from '../i18n/i18n.js';
import { presentPlayerConfig, type PlayerExtras } from './player-config.presenter.js';

export interface PlayerConfigBuilderDeps {
  readonly playbackService: PlaybackService;
  readonly extrasFor: (video: Video, locale: 'fr' | 'en') => Promise<PlayerExtras>;
}

/**
 * The player configuration of a video the rules let the viewer watch, for the video page and
 * the playback API alike: a fresh grant, the enrichments, the texts in the viewer's language,
 * and a resume position for logged-in viewers (not when they came through a share link).
 */
export function playerConfigBuilder(deps: PlayerConfigBuilderDeps) {
  return async (access: PlaybackAccess, user: User | null, locale: 'fr' | 'en', pageUrl: string): Promise<PlayerConfig> => {
    const { video } = access;
    const { grant } = deps.playbackService.grantFor(video);
    const resume = user && !access.viaShareLink ? await deps.playbackService.resumeFor(user, video) : null;
    return presentPlayerConfig({
      video,
      grant,
      locale,
      texts: textsWithPrefix(locale, 'player.'),
      extras: await deps.extrasFor(video, locale),
      resume: resume && { position: resume.position, token: resume.token, saveUrl: `/api/v1/videos/${video.id}/position` },
      pageUrl,
    });
  };
}

export type PlayerConfigBuilder = ReturnType<typeof playerConfigBuilder>;
