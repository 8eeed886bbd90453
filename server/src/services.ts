import path from 'node:path';
import type { Config } from './config/config.js';
import { deriveKey } from './domain/access/derive-key.js';
import { createMediaGrants } from './domain/access/media-grant.js';
import { createEncodingService } from './domain/encoding/encoding-service.js';
import type { EncodingQueue } from './domain/encoding/encoding-jobs.js';
import type { MediaProbe } from './domain/media/media-probe.js';
import type { MediaStorage } from './domain/media/media-storage.js';
import { createApiTokenService } from './domain/tokens/api-token-service.js';
import { createUploadService } from './domain/uploads/upload-service.js';
import { createUserService } from './domain/users/user-service.js';
import { createVideoService } from './domain/videos/video-service.js';
import type { Db } from './infra/db.js';
import type { Logger } from './infra/logger.js';
import { createApiTokenRepository } from './infra/repositories/api-token-repository.js';
import { createEncodingJobRepository } from './infra/repositories/encoding-job-repository.js';
import { createReferenceDataRepository } from './infra/repositories/reference-data-repository.js';
import { createUploadRepository } from './infra/repositories/upload-repository.js';
import { createUserRepository } from './infra/repositories/user-repository.js';
import { createVideoRepository } from './infra/repositories/video-repository.js';
import { createLocalMediaStorage } from './infra/storage/local-media-storage.js';

export interface ServiceDeps {
  readonly db: Db;
  readonly config: Config;
  readonly logger: Logger;
  readonly probe: MediaProbe;
  readonly queue: EncodingQueue;
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
  const tokenService = createApiTokenService({ tokens: createApiTokenRepository(db) });
  const videoService = createVideoService({ videos, users, referenceData, storage: mediaStorage, queue, logger: logger.child({ module: 'videos' }) });
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
  return { userService, tokenService, videoService, encodingService, uploadService, referenceData, storage: mediaStorage, mediaGrants };
}

export type Services = ReturnType<typeof createServices>;
