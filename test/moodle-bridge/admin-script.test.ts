import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import request from 'supertest';
import { videoClip } from '../helpers/media.js';
import { podAdmin, rest, type PodAdmin } from '../helpers/pod-admin.js';
import { buildTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * A bulk import as Esup-Pod's scripts do it (pod-compat §2.4–§2.5, M2P): create the owner,
 * read the type and site hyperlinks, POST the video multipart, launch the encoding, poll the
 * video until it is encoded, then fetch its MP4 through encodings_video.
 */
describe('Pod admin API: a bulk import script, end to end', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let pod: PodAdmin;

  before(async () => {
    ctx = await buildTestApp({}, undefined, { workers: 1 });
    pod = await podAdmin(ctx);
  });
  after(async () => ctx?.close());

  const api = () => ({
    get: (url: string) => request(ctx.app).get(url.replace('http://lectern.test', '')).set(pod.auth),
    post: (url: string) => request(ctx.app).post(url.replace('http://lectern.test', '')).set(pod.auth),
  });

  it('creates the owner, uploads, launches the encoding, polls, and fetches the encoded files', async () => {
    const pod4 = api();
    const root = await pod4.get('/rest/').expect(200);

    const owner = await pod4.post(root.body.users).send({ username: 'mc.teacher', first_name: 'Marie', last_name: 'Curie', email: 'marie.curie@univ.fr', affiliation: 'faculty' }).expect(201);
    const types = await pod4.get(root.body.types).expect(200);
    const sites = await pod4.get(root.body.sites).expect(200);
    const typeUrl = types.body.results[0].url as string;
    const siteUrl = sites.body.results[0].url as string;

    const created = await pod4
      .post(root.body.videos)
      .field('title', 'Radioactivité – séance 1')
      .field('owner', owner.body.url)
      .field('type', typeUrl)
      .field('sites', siteUrl)
      .field('description', 'Imported from the media centre')
      .field('is_draft', 'False')
      .attach('video', await readFile(await videoClip()), 'seance1.mp4')
      .expect(201);
    expect(created.body).to.include({ owner: owner.body.url, type: typeUrl, is_draft: false, encoding_in_progress: false, encoded: false });
    expect(created.body.sites).to.deep.equal([siteUrl]);
    const slug = created.body.slug as string;
    expect(slug).to.match(/^\d{4,}-radioactivite-seance-1$/);

    const launched = await pod4.get(`/rest/launch_encode_view/?slug=${slug}`).expect(200);
    expect(launched.body).to.include({ slug, encoding_in_progress: true });

    // Poll as the scripts do, until the video is encoded (or the test's own deadline).
    let detail = launched.body as { encoded: boolean; encoding_in_progress: boolean; get_encoding_step: string };
    const deadline = Date.now() + 150_000;
    while (!(detail.encoded && !detail.encoding_in_progress) && !detail.get_encoding_step.startsWith('-1') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      detail = (await pod4.get(created.body.url).expect(200)).body;
    }
    expect(detail, JSON.stringify(detail)).to.include({ encoded: true, encoding_in_progress: false, get_encoding_step: '0: end of encoding' });

    const files = await pod4.get(`/rest/encodings_video/?video=${created.body.id}`).expect(200);
    expect(files.body.count).to.be.greaterThan(0);
    const mp4 = files.body.results[0] as { video: string; rendition: string; encoding_format: string; source_file: string };
    expect(mp4).to.include({ video: created.body.url, encoding_format: 'video/mp4' });
    await pod4.get(mp4.rendition).expect(200);
    expect(mp4.source_file.startsWith('http://lectern.test/media/')).to.equal(true);
    const media = await request(ctx.app).get(new URL(mp4.source_file).pathname).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(media.status).to.equal(200);
    expect(media.headers['content-type']).to.match(/^video\/mp4/);
    expect((media.body as Buffer).subarray(4, 8).toString('latin1')).to.equal('ftyp');

    // The user listing the plugin reads finds it under its owner too.
    const listed = await pod4.get(`/rest/videos/?owner=${encodeURIComponent(owner.body.url)}`).expect(200);
    expect(listed.body.results.map((video: { id: number }) => video.id)).to.deep.equal([created.body.id]);
    expect(rest(`videos/${created.body.id}/`)).to.equal(created.body.url);
  });
});
