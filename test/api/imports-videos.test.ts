import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createImportService } from '../../server/src/domain/imports/import-service.js';
import type { ImportFolder } from '../../server/src/domain/imports/import-folder.js';
import { createUserImporter } from '../../server/src/domain/imports/user-importer.js';
import { createVideoImporter } from '../../server/src/domain/imports/video-importer.js';
import { createSourceIntake } from '../../server/src/domain/uploads/source-intake.js';
import { verifyPassword } from '../../server/src/domain/users/password-hasher.js';
import type { User } from '../../server/src/domain/users/user.js';
import { createLogger } from '../../server/src/infra/logger.js';
import { resolveFfmpegBinaries } from '../../server/src/infra/media/ffmpeg-binaries.js';
import { createFfprobeMediaProbe } from '../../server/src/infra/media/ffprobe-media-probe.js';
import { createImportDataRepository } from '../../server/src/infra/repositories/import-data-repository.js';
import { createImportRunRepository } from '../../server/src/infra/repositories/import-run-repository.js';
import { createUserRepository } from '../../server/src/infra/repositories/user-repository.js';
import { createVideoRepository } from '../../server/src/infra/repositories/video-repository.js';
import { createLocalImportFolder } from '../../server/src/infra/storage/local-import-folder.js';
import { createUser } from '../helpers/factories.js';
import { readVideo } from '../helpers/encoding.js';
import { importFolder, putInImportFolder, videosRequest } from '../helpers/imports.js';
import { textAsMp4, videoClip } from '../helpers/media.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

const HEADER =
  '#username;type;title;description;allow downloading;draft;file path;tags;date_evt;main_lang;licence;restricted;password;additional_owners;access_groups;disciplines;external_id';

describe('bulk import of videos (CSV)', function () {
  this.timeout(120_000);
  let ctx: TestApp;
  let admin: User;
  let clip: string;

  before(async () => {
    ctx = await buildTestApp();
    admin = (await createUser(ctx, { role: 'admin', username: 'admin.videos' })).user;
    await createUser(ctx, { username: 'prof.optique' });
    await createUser(ctx, { username: 'assistant' });
    await createUser(ctx, { role: 'student', username: 'etudiant' });
    await ctx.services.accessGroupService.create(admin, 'L1-PHY', 'Licence 1 physique');
    await ctx.services.referenceData.createType(1, 'Cours magistral', '');
    await ctx.services.referenceData.createDiscipline(1, 'Physique', '');
    clip = await videoClip();
    await putInImportFolder(ctx, clip, 'cours/optique.mp4');
  });
  after(async () => ctx?.close());

  const videoCount = async () => (await ctx.database.db.selectFrom('videos').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;

  it('copies the file, creates the video with every field, queues its encoding, and leaves the file in the import folder', async () => {
    const row = 'Prof.Optique;cours magistral;Optique géométrique;<p>Lentilles <b>minces</b></p>;True;False;cours/optique.mp4;optique, lentilles;2024-03-15;en;by-sa;oui;secret-code;assistant;L1-PHY;physique;pod-0042';
    const run = await ctx.services.importService.run(admin, videosRequest([HEADER, row]));
    expect(run).to.include({ status: 'succeeded', total: 1, created: 1, unchanged: 0, rejected: 0 });
    expect(run.videoIds).to.have.length(1);
    const video = (await readVideo(ctx, run.videoIds[0]!))!;
    expect(video).to.deep.include({
      title: 'Optique géométrique',
      description: '<p>Lentilles <b>minces</b></p>',
      tags: ['optique', 'lentilles'],
      dateEvt: '2024-03-15',
      mainLang: 'en',
      licence: 'by-sa',
      allowDownloading: true,
      isDraft: false,
      isRestricted: true,
      hasPassword: true,
      status: 'queued',
    });
    expect(video.owner.username).to.equal('prof.optique');
    expect(video.additionalOwners.map((owner) => owner.username)).to.deep.equal(['assistant']);
    expect(video.accessGroups.map((group) => group.codeName)).to.deep.equal(['L1-PHY']);
    const [types, disciplines] = [await ctx.services.referenceData.listTypes(1), await ctx.services.referenceData.listDisciplines(1)];
    expect(video.typeId).to.equal(types.find((type) => type.title === 'Cours magistral')!.id);
    expect(video.disciplineIds).to.deep.equal([disciplines[0]!.id]);
    expect(video.encoding).to.include({ status: 'queued' });
    expect(await verifyPassword('secret-code', (await createVideoRepository(ctx.database.db).passwordHashOf(video.id))!)).to.equal(true);
    const stored = await ctx.database.db.selectFrom('videos').select('import_key').where('id', '=', video.id).executeTakeFirstOrThrow();
    expect(stored.import_key).to.equal('pod-0042');
    // The source is a copy: the import folder keeps its file, byte for byte.
    expect(video.source).to.include({ filename: 'optique.mp4' });
    const original = await readFile(clip);
    expect(await readFile(ctx.services.storage.localPath(video.source!.key))).to.deep.equal(original);
    expect(await readFile(path.join(ctx.config.importDir, 'cours/optique.mp4'))).to.deep.equal(original);
    expect(await readdir(path.join(ctx.varDir, 'uploads', 'imports')), 'no staged copy left').to.deep.equal([]);
    const { videos } = await ctx.services.importService.progress(admin, run.id);
    expect(videos.map((v) => [v.id, v.status, v.encoding?.status])).to.deep.equal([[video.id, 'queued', 'queued']]);
  });

  it('creates nothing twice when the same file is imported again', async () => {
    const before = await videoCount();
    const row = 'prof.optique;;Optique (copie);;;;cours/optique.mp4;;;;;;;;;;pod-0042';
    const run = await ctx.services.importService.run(admin, videosRequest([HEADER, row]));
    expect(run).to.include({ status: 'succeeded', created: 0, unchanged: 1 });
    // Without external_id, the key comes from the owner and the file: a second run finds the video.
    const positional = ['prof.optique,,Sans clé,,,,cours/optique.mp4'];
    expect(await ctx.services.importService.run(admin, videosRequest(positional))).to.include({ created: 1 });
    expect(await ctx.services.importService.run(admin, videosRequest(positional))).to.include({ created: 0, unchanged: 1 });
    expect(Number(await videoCount())).to.equal(Number(before) + 1);
  });

  it('writes nothing when a row is wrong, reporting each problem with its line and column', async () => {
    const before = await videoCount();
    const rows = [
      'prof.optique,,Bon,,,,cours/optique.mp4,,,,,,,,,,good-1',
      'inconnu,,Propriétaire inconnu,,,,cours/optique.mp4,,,,,,,,,,bad-1',
      'etudiant,,Étudiant propriétaire,,,,cours/optique.mp4,,,,,,,,,,bad-2',
      'prof.optique,,Fichier absent,,,,cours/absent.mp4,,,,,,,,,,bad-3',
      'prof.optique,,Booléen,,peut-être,,cours/optique.mp4,,,,,,,,,,bad-4',
      'prof.optique,,Colonnes,,,,cours/optique.mp4',
    ];
    const run = await ctx.services.importService.run(admin, videosRequest([HEADER.replace(/;/g, ','), ...rows]));
    expect(run).to.include({ status: 'failed', errorMessage: null, created: 0, rejected: 5 });
    expect(run.problems.map((p) => [p.line, p.column, p.columnName, p.code])).to.deep.equal([
      [3, 1, 'username', 'unknown_user'],
      [4, 1, 'username', 'owner_cannot_own'],
      [5, 7, 'file path', 'file_missing'],
      [6, 5, 'allow downloading', 'invalid_boolean'],
      [7, null, null, 'wrong_column_count'],
    ]);
    expect(await videoCount()).to.equal(before);
  });

  it('refuses paths out of the import folder, links leading out, folders and files that are not media', async () => {
    const folder = await importFolder(ctx);
    const outside = await mkdtemp(path.join(os.tmpdir(), 'lectern-outside-'));
    try {
      await writeFile(path.join(outside, 'secret.mp4'), 'not yours');
      await symlink(path.join(outside, 'secret.mp4'), path.join(folder, 'escape.mp4'));
      await symlink(path.join(folder, 'cours', 'optique.mp4'), path.join(folder, 'alias.mp4'));
      await mkdir(path.join(folder, 'dossier.mp4'));
      await writeFile(path.join(folder, 'notes.mp4'), await readFile(await textAsMp4()));
      const paths = ['../outside.mp4', path.join(outside, 'secret.mp4'), 'escape.mp4', 'dossier.mp4', 'notes.mp4', 'alias.mp4', path.join(folder, 'cours', 'optique.mp4')];
      const check = await ctx.services.importService.check(admin, videosRequest(paths.map((file, i) => `prof.optique;;T${i};;;;${file}`)));
      expect(check.problems.map((p) => [p.line, p.column, p.code])).to.deep.equal([
        [1, 7, 'file_outside'],
        [2, 7, 'file_outside'],
        [3, 7, 'file_outside'],
        [4, 7, 'not_a_file'],
        [5, 7, 'not_media'],
      ]);
      expect(check.creates, 'a link inside the folder and an absolute path inside it are fine').to.equal(2);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('reads the files of another folder when told (--files-dir), and imports the good rows when skipping bad ones', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'lectern-files-'));
    try {
      await mkdir(path.join(other, 'sub'));
      await writeFile(path.join(other, 'sub', 'clip.mp4'), await readFile(clip));
      const rows = ['prof.optique;;Ailleurs;;;;sub/clip.mp4', 'prof.optique;;Absent;;;;sub/none.mp4'];
      const run = await ctx.services.importService.run(admin, videosRequest(rows, { filesDir: other, skipInvalid: true }));
      expect(run).to.include({ status: 'succeeded', created: 1, rejected: 1 });
      expect(run.problems.map((p) => [p.line, p.code])).to.deep.equal([[2, 'file_missing']]);
      expect((await readVideo(ctx, run.videoIds[0]!))!.title).to.equal('Ailleurs');
      expect(existsSync(path.join(other, 'sub', 'clip.mp4'))).to.equal(true);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('rejects a row whose file vanished or stopped being media after the check, and imports the others', async () => {
    const logger = createLogger({ level: 'silent' });
    const data = createImportDataRepository(ctx.database.db);
    const videos = createVideoRepository(ctx.database.db);
    const textFile = await textAsMp4();
    const staging = path.join(ctx.varDir, 'uploads', 'imports');
    // The folder checks the real files, then the files change before they are copied.
    const changing = (root: string): ImportFolder => {
      const real = createLocalImportFolder(root, staging);
      return {
        ...real,
        stage: async (absolutePath) => (absolutePath.endsWith('vanishes.mp4') ? null : absolutePath.endsWith('becomes-text.mp4') ? real.stage(textFile) : real.stage(absolutePath)),
      };
    };
    const service = createImportService({
      runs: createImportRunRepository(ctx.database.db),
      data,
      userImporter: createUserImporter({ users: createUserRepository(ctx.database.db), data, logger }),
      videoImporter: createVideoImporter({
        users: createUserRepository(ctx.database.db),
        videos,
        referenceData: ctx.services.referenceData,
        access: ctx.services.accessRepository,
        data,
        intake: createSourceIntake({ videos, encodingService: ctx.services.encodingService, storage: ctx.services.storage, probe: createFfprobeMediaProbe(resolveFfmpegBinaries(ctx.config.ffmpeg, process.env.PATH).ffprobe), logger }),
        logger,
      }),
      folderAt: changing,
      importDir: ctx.config.importDir,
      logger,
    });
    await putInImportFolder(ctx, clip, 'vanishes.mp4');
    await putInImportFolder(ctx, clip, 'becomes-text.mp4');
    await putInImportFolder(ctx, clip, 'stays.mp4');
    const rows = ['prof.optique;;Disparaît;;;;vanishes.mp4', 'prof.optique;;Devient texte;;;;becomes-text.mp4', 'prof.optique;;Reste;;;;stays.mp4'];
    const run = await service.run(admin, videosRequest(rows));
    expect(run).to.include({ status: 'succeeded', created: 1, rejected: 2, processed: 3 });
    expect(run.problems.map((p) => [p.line, p.column, p.code])).to.deep.equal([
      [1, 7, 'file_missing'],
      [2, 7, 'not_media'],
    ]);
    expect((await readVideo(ctx, run.videoIds[0]!))!.title).to.equal('Reste');
    const titles = (await ctx.database.db.selectFrom('videos').select('title').execute()).map((v) => v.title);
    expect(titles, 'a refused file leaves no video behind').to.not.include('Devient texte');
    expect(await readdir(staging)).to.deep.equal([]);
  });
});
