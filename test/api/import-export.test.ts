import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { readCsv } from '../../server/src/domain/imports/csv-reader.js';
import { VIDEO_EXPORT_COLUMNS } from '../../server/src/domain/imports/export-rows.js';
import type { User } from '../../server/src/domain/users/user.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { createUser, type UserWithToken } from '../helpers/factories.js';
import { readVideo, uploadFile, waitForVideo } from '../helpers/encoding.js';
import { putInImportFolder, usersRequest, videosRequest } from '../helpers/imports.js';
import { videoClip } from '../helpers/media.js';
import { buildTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app.js';

const HEADER = '#username;type;title;description;allow downloading;draft;file path;tags;date_evt;main_lang;licence;restricted;password;additional_owners;access_groups;disciplines;external_id';

/** The site's reference data, which exports do not carry: each Lectern defines its own. */
async function referenceData(ctx: TestApp, admin: User): Promise<void> {
  await ctx.services.accessGroupService.create(admin, 'M1-CHIMIE', 'Master 1 chimie');
  await ctx.services.referenceData.createType(1, 'Cours', '');
  await ctx.services.referenceData.createDiscipline(1, 'Chimie', '');
  await ctx.services.referenceData.createDiscipline(1, 'Biologie', '');
}

function rowsOf(csv: string): string[][] {
  const reading = readCsv(new TextEncoder().encode(csv));
  if (!reading.ok) throw new Error(reading.problem.message);
  return reading.content.rows.map((row) => [...row.fields]);
}

const column = (name: string) => VIDEO_EXPORT_COLUMNS.indexOf(name);

/** What must survive the trip, by names rather than ids (ids differ from one Lectern to another). */
async function portable(ctx: TestApp, video: Video) {
  const [types, disciplines] = await Promise.all([ctx.services.referenceData.listTypes(1), ctx.services.referenceData.listDisciplines(1)]);
  const secrets = await ctx.database.db.selectFrom('videos').select(['import_key', 'password_hash']).where('id', '=', video.id).executeTakeFirstOrThrow();
  return {
    owner: video.owner.username,
    type: types.find((type) => type.id === video.typeId)!.title,
    title: video.title,
    description: video.description,
    allowDownloading: video.allowDownloading,
    isDraft: video.isDraft,
    isRestricted: video.isRestricted,
    tags: video.tags,
    dateEvt: video.dateEvt,
    mainLang: video.mainLang,
    licence: video.licence,
    passwordHash: secrets.password_hash,
    coOwners: video.additionalOwners.map((owner) => owner.username),
    groups: video.accessGroups.map((group) => group.codeName),
    disciplines: video.disciplineIds.map((id) => disciplines.find((d) => d.id === id)!.title).sort(),
    source: await readFile(ctx.services.storage.localPath(video.source!.key)),
  };
}

describe('export, then import into another Lectern', function () {
  this.timeout(180_000);
  let first: TestApp;
  let second: TestApp;
  let adminA: User;
  let teacher: UserWithToken;

  before(async () => {
    [first, second] = await Promise.all([buildTestApp({ ENCODING_POLL_SECONDS: '0.5' }, undefined, { workers: 1 }), buildTestApp()]);
    adminA = (await createUser(first, { role: 'admin', username: 'admin.a' })).user;
    teacher = await createUser(first, { username: 'prof.chimie' });
    await createUser(first, { username: 'assistante' });
    await createUser(first, { role: 'student', username: 'etudiant.a' });
    await referenceData(first, adminA);
  });
  after(async () => {
    await Promise.all([first?.close(), second?.close()]);
  });

  it('recreates the same users and videos, and a second import changes nothing', async () => {
    const clip = await videoClip();
    await putInImportFolder(first, clip, 'chimie/titrage.mp4');
    await putInImportFolder(first, clip, 'chimie/public.mp4');
    const rows = [
      'prof.chimie;Cours;Titrage acido-basique;<p>Un <em>titrage</em></p>;true;false;chimie/titrage.mp4;chimie, titrage;2023-11-02;fr;by-nc-sa;true;mot-de-passe;assistante;M1-CHIMIE;Chimie, Biologie;pod-1234',
      'prof.chimie;;Démonstration publique;;false;false;chimie/public.mp4;;;en;;false;;;;;',
    ];
    const imported = await first.services.importService.run(adminA, videosRequest([HEADER, ...rows]));
    expect(imported).to.include({ status: 'succeeded', created: 2 });
    const uploadedId = await uploadFile(first, teacher.auth, clip, 'téléversée.mp4');
    await first.services.videoService.update(teacher.user, uploadedId, { tags: ['téléversée'], isDraft: true, additionalOwners: ['assistante'] });
    const publicId = imported.videoIds[1]!;
    await waitForVideo(first, publicId, ['ready']);

    const users = await first.services.exportService.usersCsv(adminA);
    const videos = await first.services.exportService.videosCsv(adminA);
    expect(videos.rows).to.equal(3);
    expect(videos.csv.split('\r\n')[0]).to.equal(`#${VIDEO_EXPORT_COLUMNS.join(';')}`);
    const exported = rowsOf(videos.csv);
    // external_id: the import key (given, or derived from owner and file), or lectern-<id> for an uploaded video.
    expect(exported.map((row) => row[column('external_id')])).to.deep.equal(['pod-1234', 'file:prof.chimie:chimie/public.mp4', `lectern-${uploadedId}`]);
    for (const row of exported) expect(row[column('file path')], 'the source key, relative to the media folder').to.match(/^videos\/\d+\/source\/source-[\w-]+\.mp4$/);
    expect(exported[0]![column('password_hash')]).to.match(/^scrypt\$/);
    // Media URLs of the public, encoded video, which open; none for the others (their grants would be credentials).
    const publicRow = exported[1]!;
    expect(publicRow[column('status')]).to.equal('ready');
    for (const name of ['hls_url', 'mp4_url', 'thumbnail_url']) {
      expect(publicRow[column(name)], name).to.match(new RegExp(`^${TEST_PUBLIC_URL}/media/`));
      await request(first.app).get(publicRow[column(name)]!.slice(TEST_PUBLIC_URL.length)).expect(200);
    }
    expect(exported[0]![column('hls_url')]).to.equal('');
    expect(exported[0]![column('page_url')]).to.match(new RegExp(`^${TEST_PUBLIC_URL}/video/\\d{4}-titrage-acido-basique/$`));

    const adminB = (await createUser(second, { role: 'admin', username: 'admin.b' })).user;
    await referenceData(second, adminB);
    const userRun = await second.services.importService.run(adminB, { ...usersRequest([]), bytes: new TextEncoder().encode(users.csv) });
    expect(userRun).to.include({ status: 'succeeded', created: users.rows });
    const filesDir = path.join(first.varDir, 'media');
    const videoRun = await second.services.importService.run(adminB, { ...videosRequest([]), bytes: new TextEncoder().encode(videos.csv), filesDir });
    expect(videoRun).to.include({ status: 'succeeded', created: 3, rejected: 0 });

    const originals = [...imported.videoIds, uploadedId];
    for (const [index, id] of originals.entries()) {
      const before = await portable(first, (await readVideo(first, id))!);
      const after = await portable(second, (await readVideo(second, videoRun.videoIds[index]!))!);
      expect(after, `video ${id}`).to.deep.equal(before);
    }
    const keys = await second.database.db.selectFrom('videos').select('import_key').orderBy('id').execute();
    expect(keys.map((row) => row.import_key)).to.deep.equal(exported.map((row) => row[column('external_id')]));

    // The second Lectern's exports say the same (but for ids, file paths, URLs and dates).
    const importable = (row: string[]) => row.slice(0, column('external_id') + 1).filter((_value, i) => i !== column('file path'));
    expect(rowsOf((await second.services.exportService.videosCsv(adminB)).csv).map(importable)).to.deep.equal(exported.map(importable));
    const usersAgain = rowsOf((await second.services.exportService.usersCsv(adminB)).csv).filter((row) => row[0] !== 'admin.b');
    expect(usersAgain).to.deep.equal(rowsOf(users.csv));

    const again = await second.services.importService.run(adminB, { ...videosRequest([]), bytes: new TextEncoder().encode(videos.csv), filesDir });
    expect(again).to.include({ status: 'succeeded', created: 0, unchanged: 3 });
  });
});
