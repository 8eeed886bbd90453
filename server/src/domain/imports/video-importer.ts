import type { AccessRepository } from '../access/access-repository.js';
import type { DomainLogger } from '../logger.js';
import type { SourceIntake } from '../uploads/source-intake.js';
import { hashPassword } from '../users/password-hasher.js';
import type { UserRepository } from '../users/user-repository.js';
import type { ReferenceDataRepository } from '../videos/reference-data-repository.js';
import type { VideoRepository } from '../videos/video-repository.js';
import { DEFAULT_VIDEO_TYPE_ID } from '../videos/video-service.js';
import { VIDEO_COLUMNS, type ImportRow } from './import-columns.js';
import type { ImportDataRepository } from './import-data-repository.js';
import type { ImportFileVerdict, ImportFolder } from './import-folder.js';
import { planRows, readImportRows, unreadablePlan, type PlannedRow } from './import-plan.js';
import { importProblem } from './import-problem.js';
import type { ImportTally } from './import-tally.js';
import { chunks, type ImportScope, type PreparedImport } from './prepared-import.js';
import { videoImportRules, videoReferences, type VideoCatalogue, type VideoCandidate } from './video-import-rules.js';

const LOOKUP = 1000;
/** Files checked (stat, then ffprobe) at a time. */
const FILE_CHECKS = 4;

export interface VideoImporterDeps {
  readonly users: UserRepository;
  readonly videos: VideoRepository;
  readonly referenceData: ReferenceDataRepository;
  readonly access: AccessRepository;
  readonly data: ImportDataRepository;
  readonly intake: SourceIntake;
  readonly logger: DomainLogger;
}

/** Thrown by the intake's refusal callback: the file is no longer media we can read. */
class RefusedFile extends Error {}

async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Videos from a CSV file (Esup-Pod's video import): every row is checked against the site's
 * users, types, groups and disciplines (fetched once) and its file against the import folder
 * (inside it, a regular file that ffprobe reads as media) before anything is written. Each new
 * video then gets a copy of its file (the admin's file stays) through the uploads' intake:
 * created, its source stored, its encoding queued.
 */
export function createVideoImporter(deps: VideoImporterDeps) {
  const { users, videos, referenceData, access, data, intake, logger } = deps;

  async function checkFiles(folder: ImportFolder, paths: readonly string[]): Promise<Map<string, ImportFileVerdict>> {
    const verdicts = new Map<string, ImportFileVerdict>();
    await eachLimited(paths, FILE_CHECKS, async (written) => {
      const check = await folder.check(written);
      const media = check.kind === 'ok' ? await intake.examine(check.absolutePath) : null;
      verdicts.set(written, media && !media.ok ? { kind: 'not_media', reason: media.reason } : check);
    });
    return verdicts;
  }

  async function catalogue(siteId: number, rows: readonly ImportRow[], folder: ImportFolder): Promise<VideoCatalogue> {
    const references = videoReferences(rows);
    const found = (await Promise.all(chunks(references.usernames, LOOKUP).map((part) => users.findManyByUsernames(siteId, part)))).flat();
    const keys = await Promise.all(chunks(references.keys, LOOKUP).map((part) => data.existingImportKeys(siteId, part)));
    const [types, disciplines, groups, files] = await Promise.all([
      referenceData.listTypes(siteId),
      referenceData.listDisciplines(siteId),
      access.listGroups(siteId),
      checkFiles(folder, references.filePaths),
    ]);
    return {
      users: new Map(found.map((user) => [user.username.toLowerCase(), user])),
      types,
      defaultTypeId: types.some((type) => type.id === DEFAULT_VIDEO_TYPE_ID) ? DEFAULT_VIDEO_TYPE_ID : (types[0]?.id ?? DEFAULT_VIDEO_TYPE_ID),
      groups: new Map(groups.map((group) => [group.codeName.toLowerCase(), group.id])),
      disciplines,
      files,
      existingKeys: new Set(keys.flatMap((set) => [...set])),
    };
  }

  async function importOne(scope: ImportScope, folder: ImportFolder, { line, item }: PlannedRow<VideoCandidate>, tally: ImportTally): Promise<void> {
    // Another import may have made it since the check.
    if ((await data.existingImportKeys(scope.siteId, [item.importKey])).size) return tally.unchanged();
    const staged = await folder.stage(item.file.absolutePath);
    if (staged === null) return tally.rejected(importProblem(line, item.file.at, 'file_missing', { value: item.file.written }));
    try {
      const passwordHash = item.password === null ? null : 'hash' in item.password ? item.password.hash : await hashPassword(item.password.plain);
      const row = { ...item.row, siteId: scope.siteId, ownerId: item.owner.id, importKey: item.importKey, passwordHash };
      const video = await intake.ingest(
        { localPath: staged, filename: item.file.filename, sourceName: 'source-import' },
        { requestedBy: scope.requestedBy, video: async () => ({ video: await videos.insert(row), created: true }), refused: (verdict) => Promise.reject(new RefusedFile(verdict.reason)) },
      );
      tally.createdVideo(video.id);
      logger.info({ runId: scope.runId, videoId: video.id, importKey: item.importKey, ownerId: item.owner.id }, 'video imported');
    } catch (error) {
      if (!(error instanceof RefusedFile)) throw error;
      // The file changed since the check: this row is reported, the others go on.
      tally.rejected(importProblem(line, item.file.at, 'not_media', { value: item.file.written, reason: error.message }));
    } finally {
      await folder.discard(staged);
    }
  }

  return {
    async prepare(scope: ImportScope, bytes: Uint8Array, folder: ImportFolder): Promise<PreparedImport> {
      const reading = readImportRows(bytes, VIDEO_COLUMNS);
      const plan = reading.ok ? planRows(reading, videoImportRules(await catalogue(scope.siteId, reading.rows, folder))) : unreadablePlan<VideoCandidate>(reading.problems);
      return {
        plan,
        async execute(tally, progress) {
          for (const planned of plan.creates) {
            await importOne(scope, folder, planned, tally);
            await progress();
          }
        },
      };
    },
  };
}

export type VideoImporter = ReturnType<typeof createVideoImporter>;
