import type { LtiPlatform, LtiPlatformRepository } from '../server/src/domain/lms/lti-platform.js';
import type { Logger } from '../server/src/infra/logger.js';
import type { LtiProvider } from './lti-provider.js';

/**
 * Keeps ltijs's copy of each platform in step with ours (lti_platforms is the truth, written by
 * the admin pages, the CLI and dynamic registration, in any process). Before a platform is
 * answered, its ltijs copy is registered or updated; a platform whose tool key was rotated
 * (tool_kid null) first loses its ltijs copy, so ltijs makes a new key pair. Each process
 * remembers what it synced (by updated_at) and touches ltijs only after a change.
 */
export function createPlatformSync(deps: { provider: LtiProvider; platforms: LtiPlatformRepository; logger: Logger }) {
  const { provider, platforms, logger } = deps;
  const synced = new Map<number, number>();
  const running = new Map<number, Promise<void>>();

  async function sync(platform: LtiPlatform): Promise<void> {
    if (platform.toolKid === null) await provider.unregisterPlatform(platform.issuer, platform.clientId);
    const kid = await provider.registerPlatform({
      name: platform.name,
      issuer: platform.issuer,
      clientId: platform.clientId,
      authenticationEndpoint: platform.authenticationEndpoint,
      accessTokenEndpoint: platform.accessTokenEndpoint,
      jwksUrl: platform.jwksUrl,
    });
    if (kid !== platform.toolKid) {
      await platforms.setToolKid(platform.id, kid);
      logger.info({ platformId: platform.id, kid }, platform.toolKid === null ? 'LTI tool key pair made' : 'LTI tool key pair replaced');
    }
    synced.set(platform.id, platform.updatedAt.getTime());
  }

  return {
    /** Makes sure ltijs answers this platform with its current settings and key. */
    async ensure(platform: LtiPlatform): Promise<void> {
      if (platform.toolKid !== null && synced.get(platform.id) === platform.updatedAt.getTime()) return;
      // Concurrent launches of one platform share one sync.
      const pending = running.get(platform.id) ?? sync(platform).finally(() => running.delete(platform.id));
      running.set(platform.id, pending);
      await pending;
    },

    /** Removes ltijs's copies (and key pairs) of platforms that are no longer ours; at start. */
    async prune(): Promise<number> {
      const ours = new Set((await platforms.listAll()).map((platform) => `${platform.issuer}\n${platform.clientId}`));
      let removed = 0;
      for (const copy of await provider.listPlatforms()) {
        if (ours.has(`${copy.issuer}\n${copy.clientId}`)) continue;
        await provider.unregisterPlatform(copy.issuer, copy.clientId);
        removed += 1;
      }
      if (removed) logger.info({ removed }, 'ltijs copies of removed LTI platforms forgotten');
      return removed;
    },
  };
}

export type PlatformSync = ReturnType<typeof createPlatformSync>;
