import type { UserRepository } from '../users/user-repository.js';
import type { ReferenceDataRepository } from '../videos/reference-data-repository.js';
import type { VideoRepository } from '../videos/video-repository.js';
import type { Video } from '../videos/video.js';
import { formatCsv } from './csv-writer.js';
import { USER_EXPORT_COLUMNS, userExportRow, VIDEO_EXPORT_COLUMNS, videoExportRow, videoLinks } from './export-rows.js';
import type { ImportDataRepository } from './import-data-repository.js';
import { assertImportAdmin, type ImportActor } from './import-service.js';

export interface ExportServiceDeps {
  readonly users: UserRepository;
  readonly videos: VideoRepository;
  readonly referenceData: ReferenceDataRepository;
  readonly data: ImportDataRepository;
  readonly publicUrl: string;
  /** A media grant for the video when it is public (its media URLs may then appear in the file), else null. */
  readonly publicGrant: (video: Video) => string | null;
}

const PAGE = 200;

/** A CSV file's text and how many records it has. */
export interface CsvExport {
  readonly csv: string;
  readonly rows: number;
}

/**
 * The site's users and videos as CSV in the import formats: importing them into another
 * Lectern (with `--files-dir` pointing at a copy of this one's media folder) recreates them.
 */
export function createExportService(deps: ExportServiceDeps) {
  const { users, videos, referenceData, data, publicUrl, publicGrant } = deps;

  /** Every video of the site, oldest first (as they were made). */
  async function allVideos(siteId: number): Promise<Video[]> {
    const all: Video[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const { items } = await videos.list({ siteId, managerId: null, search: null, offset, limit: PAGE });
      all.push(...items);
      if (items.length < PAGE) return all.reverse();
    }
  }

  return {
    async videosCsv(actor: ImportActor): Promise<CsvExport> {
      assertImportAdmin(actor);
      const [list, types, disciplines, secrets] = await Promise.all([
        allVideos(actor.siteId),
        referenceData.listTypes(actor.siteId),
        referenceData.listDisciplines(actor.siteId),
        data.videoSecrets(actor.siteId),
      ]);
      const context = {
        typeTitles: new Map(types.map((type) => [type.id, type.title])),
        disciplineTitles: new Map(disciplines.map((discipline) => [discipline.id, discipline.title])),
        secrets,
        links: (video: Video) => videoLinks(publicUrl, video, publicGrant(video)),
      };
      return { csv: formatCsv(VIDEO_EXPORT_COLUMNS, list.map((video) => videoExportRow(video, context))), rows: list.length };
    },

    async usersCsv(actor: ImportActor): Promise<CsvExport> {
      assertImportAdmin(actor);
      const list = await users.list(actor.siteId);
      return { csv: formatCsv(USER_EXPORT_COLUMNS, list.map(userExportRow)), rows: list.length };
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
