import path from 'node:path';
import type { Config } from './config/config.js';
import { deriveKey } from './domain/access/derive-key.js';
import { createAccessGroupService } from './domain/access/access-group-service.js';
import { createMediaGrants } from './domain/access/media-grant.js';
import { createPlaybackService } from './domain/access/playback-service.js';
import { createShareLinkService } from './domain/access/share-link-service.js';
import { createViewerTokens } from './domain/access/viewer-token.js';
import { createEncodingService } from './domain/encoding/encoding-service.js';
import { createEnrichmentService } from './domain/enrichments/enrichment-service.js';
import type { EncodingQueue } from './domain/encoding/encoding-jobs.js';
import type { MediaProbe } from './domain/media/media-probe.js';
import type { MediaStorage } from './domain/media/media-storage.js';
import { createApiTokenService } from './domain/tokens/api-token-service.js';
import { createUploadService } from './domain/uploads/upload-service.js';
import { createUserService } from './domain/users/user-service.js';
import { createVideoService } from './domain/videos/video-service.js';
import { createAccessEpochCache } from './http/media/access-epoch-cache.js';
import type { Db } from './infra/db.js';
import type { Logger } from './infra/logger.js';
import { createAccessRepository } from './infra/repositories/access-repository.js';
import { createApiTokenRepository } from './infra/repositories/api-token-repository.js';
import { createChapterRepository } from './infra/repositories/chapter-repository.js';
import { createEnrichmentRepository } from './infra/repositories/enrichment-repository.js';
import { createOverlayRepository } from './infra/repositories/overlay-repository.js';
import { createTrackRepository } from './infra/repositories/track-repository.js';
import { createEncodingJobRepository } from './infra/repositories/encoding-job-repository.js';
import { createShareLinkRepository, createViewPositionRepository } from './infra/repositories/share-link-repository.js';
import { createReferenceDataRepository } from './infra/repositories/reference-data-repository.js';
import { createUploadRepository } from './infra/repositories/upload-repository.js';
import { createUserRepository } from './infra/repositories/user-repository.js';
import { createVideoRepository } from './infra/repositories/video-repository.js';
import { createLocalMediaStorage } from './infra/storage/local-media-storage.js';
import { createBridgeCatalogue } from './domain/bridge/bridge-catalogue.js';
import { createBridgeDirectory } from './domain/bridge/bridge-directory.js';
import { createBridgeUsers } from './domain/bridge/bridge-users.js';
import { createBridgeVideos } from './domain/bridge/bridge-videos.js';
import { createSourceIntake } from './domain/uploads/source-intake.js';
import { createPodUserResolver } from './domain/bridge/pod-user-resolver.js';
import { createBridgeKeyService } from './domain/tokens/bridge-key-service.js';
import { createSiteRepository } from './infra/repositories/site-repository.js';
import { createUserIdentityRepository } from './infra/repositories/user-identity-repository.js';
import { createVideoOutlineRepository } from './infra/repositories/video-outline-repository.js';
// Bulk imports and exports (CSV).
import { createExportService } from './domain/imports/export-service.js';
import { createImportService } from './domain/imports/import-service.js';
import { createUserImporter } from './domain/imports/user-importer.js';
import { createVideoImporter } from './domain/imports/video-importer.js';
import { createImportDataRepository } from './infra/repositories/import-data-repository.js';
import { createImportRunRepository } from './infra/repositories/import-run-repository.js';
import { createLocalImportFolder } from './infra/storage/local-import-folder.js';
// LTI 1.3 (domain/lms; the ltijs adapter in lti/ uses these).
import { createLtiLaunchUsers } from './domain/lms/lti-launch-user.js';
import { createLtiLaunchService } from './domain/lms/lti-launch-service.js';
import { createLinkSigner } from './domain/lms/lti-link.js';
import { createLtiPlatformService } from './domain/lms/lti-platform-service.js';
import { createLtiLinkRepository } from './infra/repositories/lti-link-repository.js';
import { createLtiPlatformRepository } from './infra/repositories/lti-platform-repository.js';
import { createProgressTokens } from './domain/lms/lti-progress.js';
import { createLtiProgressService } from './domain/lms/lti-progress-service.js';
import type { LtiScoreQueue } from './domain/lms/lti-score.js';
import { createLtiProgressRepository } from './infra/repositories/lti-progress-repository.js';
import { createLtiViewingRecordsRepository } from './infra/repositories/lti-viewing-records-repository.js';
// BigBlueButton (domain/meetings; the API client in infra/bbb).
import { createBbbApis } from './infra/bbb/bbb-apis.js';
import { createBbbServerRepository } from './infra/repositories/bbb-server-repository.js';
import type { RecordingImportQueue } from './domain/meetings/recording-import.js';
import { createRecordingImportService } from './domain/meetings/recording-import-service.js';
import { recordingImportDescriber } from './http/presenters/recording-import-description.js';
import { createRecordingImportRepository } from './infra/repositories/recording-import-repository.js';
import { createBbbServerService } from './domain/meetings/bbb-server-service.js';
import { createRecordingListing } from './domain/meetings/recording-listing.js';
import { createRecordingReady } from './domain/meetings/recording-ready.js';
import { recordingReadyTokens } from './infra/bbb/recording-ready-token.js';
import { DEFAULT_MEETING_TIME_ZONE } from './domain/meetings/meeting.js';
import { createMeetingInvites } from './domain/meetings/meeting-invites.js';
import { createMeetingService } from './domain/meetings/meeting-service.js';
import { createMeetingSessions } from './domain/meetings/meeting-sessions.js';
import { createMeetingRepository } from './infra/repositories/meeting-repository.js';
// Single sign-on (domain/sso, infra/saml, infra/cas).
import { createSsoServices } from './sso-services.js';

export interface ServiceDeps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly probe: MediaProbe;
  readonly queue: EncodingQueue & LtiScoreQueue & RecordingImportQueue;
  readonly storage?: MediaStorage;
  /** The server secret (SESSION_SECRET or var/secrets/session-secret): keys for grants and share links derive from it. */
  readonly secret: string;
}

/** Wires repositories into domain services. Composition roots and tests call this. */
export function createServices({ db, config, logger, probe, queue, storage, secret }: ServiceDeps) {
  const users = createUserRepository(db);
  const videos = createVideoRepository(db);
  const referenceData = createReferenceDataRepository(db);
  const mediaStorage = storage ?? createLocalMediaStorage(path.join(config.varDir, 'media'));
  const userService = createUserService({ users });
  const tokenRepository = createApiTokenRepository(db);
  const tokenService = createApiTokenService({ tokens: tokenRepository });
  const access = createAccessRepository(db);
  // The media routes' cache of access epochs; changes made in this process refresh it at once.
  const accessEpochs = createAccessEpochCache({ lookup: async (videoId) => (await videos.accessEpochOf(videoId))?.epoch ?? null });
  const onAccessChanged = (videoId: number) => accessEpochs.forget(videoId);
  const videoService = createVideoService({ videos, users, referenceData, access, storage: mediaStorage, queue, onAccessChanged, logger: logger.child({ module: 'videos' }) });
  const encodingService = createEncodingService({ jobs: createEncodingJobRepository(db), queue, videoService, logger: logger.child({ module: 'encoding' }) });
  const uploadService = createUploadService({
    uploads: createUploadRepository(db),
    videos,
    videoService,
    encodingService,
    storage: mediaStorage,
    probe,
    limits: { maxSize: config.uploads.maxSize, defaultQuota: config.uploads.userQuota },
    logger: logger.child({ module: 'uploads' }),
  });
  const mediaGrants = createMediaGrants(deriveKey(secret, 'media-grants'));
  const enrichmentService = createEnrichmentService({
    videos,
    chapters: createChapterRepository(db),
    tracks: createTrackRepository(db),
    enrichments: createEnrichmentRepository(db),
    overlays: createOverlayRepository(db),
    storage: mediaStorage,
    logger: logger.child({ module: 'enrichments' }),
  });
  // Media requests check grants against this (2 s TTL); whatever bumps an epoch may call forget().
  const shareLinkService = createShareLinkService({ links: createShareLinkRepository(db), key: deriveKey(secret, 'share-links'), onAccessChanged, logger: logger.child({ module: 'share-links' }) });
  const accessGroupService = createAccessGroupService({ access, users, logger: logger.child({ module: 'access-groups' }) });
  const playbackService = createPlaybackService({
    videos,
    access,
    positions: createViewPositionRepository(db),
    shareLinks: shareLinkService,
    grants: mediaGrants,
    viewerTokens: createViewerTokens(deriveKey(secret, 'viewer-tokens')),
    ttl: { grantSeconds: config.media.grantTtlSeconds, publicGrantSeconds: config.media.publicGrantTtlSeconds },
    logger: logger.child({ module: 'playback' }),
  });
  // The Moodle bridge (Esup-Pod's REST dialect): keys, username mapping, listings.
  const sites = createSiteRepository(db);
  const userIdentities = createUserIdentityRepository(db);
  const bridgeKeyService = createBridgeKeyService({ tokens: tokenRepository, sites, logger: logger.child({ module: 'bridge-keys' }) });
  const podUsers = createPodUserResolver({ users, identities: userIdentities, logger: logger.child({ module: 'moodle-bridge' }) });
  const bridgeCatalogue = createBridgeCatalogue({ videos, referenceData, outlines: createVideoOutlineRepository(db), users: podUsers });
  const bridgeLogger = logger.child({ module: 'moodle-bridge' });
  const bridgeDirectory = createBridgeDirectory({ sites, referenceData, access, users, logger: bridgeLogger });
  const bridgeUsers = createBridgeUsers({ users, userService, logger: bridgeLogger });
  const sourceIntake = createSourceIntake({ videos, encodingService, storage: mediaStorage, probe, logger: logger.child({ module: 'uploads' }) });
  const bridgeVideos = createBridgeVideos({ videoService, encodingService, intake: sourceIntake, logger: bridgeLogger });

  // ---- Bulk imports and exports (CSV; domain/imports): users and videos in Esup-Pod's formats. ----
  const importData = createImportDataRepository(db);
  const importLogger = logger.child({ module: 'imports' });
  const importStaging = path.join(config.varDir, 'uploads', 'imports');
  const importService = createImportService({
    runs: createImportRunRepository(db),
    data: importData,
    userImporter: createUserImporter({ users, data: importData, logger: importLogger }),
    videoImporter: createVideoImporter({
      users,
      videos,
      referenceData,
      access,
      data: importData,
      intake: createSourceIntake({ videos, encodingService, storage: mediaStorage, probe, logger: importLogger }),
      logger: importLogger,
    }),
    folderAt: (root) => createLocalImportFolder(root, importStaging),
    importDir: config.importDir,
    logger: importLogger,
  });
  const exportService = createExportService({
    users,
    videos,
    referenceData,
    data: importData,
    publicUrl: config.publicUrl,
    publicGrant: (video) => {
      const grant = playbackService.grantFor(video);
      return grant.public ? grant.grant : null;
    },
  });
  // ---- end of bulk imports and exports ----

  // ---- LTI 1.3 (domain/lms): platforms, launches, links. ----
  const ltiLogger = logger.child({ module: 'lti' });
  const ltiPlatformRepository = createLtiPlatformRepository(db);
  const ltiPlatformService = createLtiPlatformService({ platforms: ltiPlatformRepository, logger: ltiLogger });
  const ltiLinks = createLtiLinkRepository(db);
  const ltiLinkSigner = createLinkSigner(deriveKey(secret, 'lti-links'));
  const ltiLaunchService = createLtiLaunchService({
    findPlatform: (issuer, clientId) => ltiPlatformRepository.findByIssuer(issuer, clientId),
    launchUsers: createLtiLaunchUsers({ users, identities: userIdentities, logger: ltiLogger }),
    access,
    links: ltiLinks,
    playback: playbackService,
    signer: ltiLinkSigner,
    logger: ltiLogger,
  });
  // Viewing progress of LTI launches and the scores it sends (AGS).
  const ltiProgressRepository = createLtiProgressRepository(db);
  const ltiProgressService = createLtiProgressService({
    progress: ltiProgressRepository,
    tokens: createProgressTokens(deriveKey(secret, 'lti-progress')),
    queue,
    tokenTtlSeconds: config.media.grantTtlSeconds,
    logger: ltiLogger,
  });
  // ---- end of LTI ----

  // ---- BigBlueButton (domain/meetings): servers, meetings, recording imports. ----
  const bbbServers = createBbbServerRepository(db);
  const bbbApis = createBbbApis({ timeoutMs: config.bbb.timeoutMs, retries: config.bbb.retries });
  const bbbServerService = createBbbServerService({ servers: bbbServers, apis: bbbApis, sites, logger: logger.child({ module: 'bbb' }) });
  // Staff meetings: personal rooms, scheduled and recurring meetings, invitation links, start and join.
  const meetingRepository = createMeetingRepository(db);
  const meetingLogger = logger.child({ module: 'meetings' });
  const meetingInvites = createMeetingInvites(deriveKey(secret, 'meeting-invites'));
  const meetingService = createMeetingService({ meetings: meetingRepository, access, servers: bbbServers, timeZone: DEFAULT_MEETING_TIME_ZONE, logger: meetingLogger });
  const meetingSessions = createMeetingSessions({
    meetings: meetingRepository,
    servers: bbbServers,
    apis: bbbApis,
    invites: meetingInvites,
    access,
    publicUrl: config.publicUrl,
    timeZone: DEFAULT_MEETING_TIME_ZONE,
    logger: meetingLogger,
  });
  // Recordings becoming videos: the job (infra/bbb/bbb-jobs.ts) downloads, the service makes the draft video.
  const recordingImportRepository = createRecordingImportRepository(db);
  const recordingImportService = createRecordingImportService({
    imports: recordingImportRepository,
    queue,
    users,
    videoService,
    intake: sourceIntake,
    tracks: enrichmentService.tracks,
    describe: recordingImportDescriber(config.defaultLocale),
    timeZone: DEFAULT_MEETING_TIME_ZONE,
    storageOf: (user) => uploadService.storageOf(user),
    logger: logger.child({ module: 'bbb-imports' }),
  });
  // "My recordings", a server's recordings, and BBB's recording-ready callback.
  const recordingMeetings = {
    ownedBy: (userId: number) => meetingRepository.listByOwner(userId),
    findByBbbMeetingIds: (ids: readonly string[]) => meetingRepository.findByBbbMeetingIds(ids),
  };
  const recordingListing = createRecordingListing({
    meetings: recordingMeetings,
    servers: bbbServers,
    adminServer: (actor, id) => bbbServerService.get(actor, id),
    apis: bbbApis,
    imports: recordingImportService,
    logger: logger.child({ module: 'bbb-recordings' }),
  });
  const recordingReady = createRecordingReady({
    tokens: recordingReadyTokens,
    meetings: recordingMeetings,
    servers: bbbServers,
    autoImportOf: (meeting) => meetingService.autoImportOf(meeting),
    siteIds: async () => (await sites.list()).map((site) => site.id),
    apis: bbbApis,
    imports: recordingImportService,
  });
  // ---- end of BigBlueButton ----

  // ---- Single sign-on: SAML 2.0 and CAS (sso-services.ts). ----
  const sso = createSsoServices({ db, config, logger, users, userIdentities, access });

  return {
    ...sso,
    bbbServers,
    bbbApis,
    meetingService,
    meetingSessions,
    meetingInvites,
    recordingImportRepository,
    recordingImportService,
    recordingListing,
    recordingReady,
    bbbServerService,
    ltiPlatformRepository,
    ltiPlatformService,
    ltiLinks,
    ltiLinkSigner,
    ltiLaunchService,
    ltiProgressRepository,
    ltiProgressService,
    ltiViewingRecords: createLtiViewingRecordsRepository(db),
    sites,
    importService,
    exportService,
    userIdentities,
    bridgeKeyService,
    bridgeCatalogue,
    bridgeDirectory,
    bridgeUsers,
    bridgeVideos,
    userService,
    tokenService,
    videoService,
    encodingService,
    uploadService,
    referenceData,
    storage: mediaStorage,
    mediaGrants,
    accessEpochs,
    shareLinkService,
    accessGroupService,
    playbackService,
    enrichmentService,
    accessRepository: access,
  };
}

export type Services = ReturnType<typeof createServices>;
