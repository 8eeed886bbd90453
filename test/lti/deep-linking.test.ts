import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import request, { type Response } from 'supertest';
import type { User } from '../../server/src/domain/users/user.js';
import type { Video } from '../../server/src/domain/videos/video.js';
import { deriveKey } from '../../server/src/domain/access/derive-key.js';
import { createPickerTokens } from '../../lti/picker-token.js';
import { createUser } from '../helpers/factories.js';
import { claim, decodeJwt, parseAutoSubmitForm, verifyWithJwks, type Jwks } from '../helpers/lti-platform/index.js';
import { authorizedLaunch, launch, playerConfigIn, startLtiWorld, type LtiWorld } from '../helpers/lti-tool.js';
import { videoClip } from '../helpers/media.js';
import { cloneEncoded, encodedVideo } from '../helpers/published-video.js';
import { TEST_SECRET } from '../helpers/test-app.js';
import { encodeMetadata, TUS } from '../helpers/tus-client.js';

/**
 * Deep linking end to end with the Moodle double: "Select content" → Lectern's picker (no
 * cookie) → the teacher's choice → the signed LtiDeepLinkingResponse the platform verifies
 * against /lti/keys → the activity it saves → a student's launch of it plays the video.
 */
describe('LTI deep linking: the picker', function () {
  this.timeout(180_000);
  let world: LtiWorld;
  let teacher: User;
  let lecture: Video;
  let lab: Video;
  let foreign: Video;

  const tokenIn = (page: string): string => /name="picker_token" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
  const post = (fields: [string, string][]) => request(world.ctx.app).post('/lti/picker').type('form').send(form(fields));

  async function openPicker(settings?: Record<string, unknown>): Promise<Response> {
    const auth = await authorizedLaunch(world, { user: '3', message: 'deeplink', course: '2' });
    const fields = { ...auth.fields };
    if (settings) {
      const claims = decodeJwt(fields.id_token!).payload;
      fields.id_token = world.platform.signIdToken({ ...claims, [claim.deepLinkingSettings]: { ...(claims[claim.deepLinkingSettings] as object), ...settings } });
    }
    return request(world.ctx.app).post(new URL(auth.action!).pathname).type('form').send(fields);
  }

  before(async () => {
    world = await startLtiWorld({ workers: 1 });
    world.platform.addUser({ id: '3', username: 'teacher1', name: 'Terry Teacher', roles: ['Instructor'] });
    world.platform.addUser({ id: '4', username: 'student1', name: 'Sam Student' });
    world.platform.addCourse({ id: '2', label: 'LAB101', title: 'Lab course 101', members: ['3', '4'] });
    // The first launch creates the teacher's Lectern account; their videos are then made for it.
    expect((await openPicker()).status).to.equal(200);
    teacher = await world.ctx.services.userService.getById((await world.ctx.services.userIdentities.userOf('lti', world.platform.issuer, '3'))!);
    const other = (await createUser(world.ctx)).user;
    const template = await encodedVideo(world.ctx, other, await videoClip());
    lecture = await cloneEncoded(world.ctx, template, teacher, { title: 'Week 1 lecture', isDraft: true });
    lab = await cloneEncoded(world.ctx, template, teacher, { title: 'Lab safety', isDraft: false });
    foreign = await cloneEncoded(world.ctx, template, other, { title: 'Not yours' });
  });
  after(async () => world?.close());

  it('lists, searches and filters the teacher\'s own videos, with no cookie and its own policy', async () => {
    const res = await openPicker();
    expect(res.status, res.text).to.equal(200);
    expect(res.headers['set-cookie'] ?? []).to.satisfy((cookies: string[]) => cookies.every((cookie) => /^state/.test(cookie)));
    expect(res.headers['content-security-policy']).to.contain("frame-src 'self' https:");
    expect(res.text).to.contain('Week 1 lecture').and.to.contain('Lab safety').and.not.to.contain('Not yours');
    const token = tokenIn(res.text);
    const searched = await post([['picker_token', token], ['q', 'safety'], ['action', 'search']]);
    expect(searched.status).to.equal(200);
    expect(searched.text).to.contain('Lab safety').and.not.to.contain('Week 1 lecture');
    const failed = await post([['picker_token', token], ['filter', 'failed']]);
    expect(failed.text).to.not.contain('Lab safety');
    const preview = await request(world.ctx.app).post('/lti/picker/preview').type('form').send(form([['picker_token', token], ['preview', String(lecture.id)]]));
    expect((playerConfigIn(preview.text) as { videoId: number }).videoId).to.equal(lecture.id);
  });

  it('answers two videos as signed resource links the platform accepts, and the saved activity plays for a student', async () => {
    const token = tokenIn((await openPicker()).text);
    const res = await post([['picker_token', token], ['video', String(lecture.id)], ['grade_' + lecture.id, 'on'], ['completion_' + lecture.id, '75'], ['video', String(lab.id)], ['action', 'submit']]);
    expect(res.status, res.text).to.equal(200);
    expect(res.headers['content-security-policy']).to.match(new RegExp(`form-action 'self' ${world.platform.issuer}(;|$)`));
    expect(res.text).to.contain('data-autosubmit').and.not.to.match(/<script>/);
    const returned = parseAutoSubmitForm(res.text);
    expect(returned.action).to.match(/\/mod\/lti\/contentitem_return\.php\?course=2/);
    const verified = await world.platform.verifyDeepLinkingResponse(returned.fields.JWT!);
    expect(verified.items).to.have.length(2);
    const [first, second] = verified.items;
    expect(first).to.deep.include({ type: 'ltiResourceLink', title: 'Week 1 lecture', url: 'http://lectern.test/lti/launch', lineItem: { scoreMaximum: 100, label: 'Week 1 lecture', resourceId: String(lecture.id) } });
    expect(first!.custom).to.deep.equal({ video: String(lecture.id), video_sig: world.ctx.services.ltiLinkSigner.sign(lecture.id), completion: '0.75' });
    expect(second!.lineItem).to.equal(undefined);
    expect(second!.custom!.completion).to.equal('0.9');
    expect(second!.thumbnail).to.have.property('url').that.matches(/^http:\/\/lectern\.test\/media\//);
    expect(verified.claims[claim.deploymentId]).to.equal(world.platform.deploymentId);
    expect(verified.claims).to.not.have.property('https://purl.imsglobal.org/spec/lti-dl/claim/data');

    const activity = world.platform.addResourceLinkFromContentItem('2', first!);
    const student = await launch(world, { user: '4', resourceLink: activity.id });
    expect(student.status, student.text).to.equal(200);
    expect((playerConfigIn(student.text) as { videoId: number }).videoId).to.equal(lecture.id);
  });

  it('echoes the request\'s data exactly and leaves out lineItem where the platform refuses line items', async () => {
    const token = tokenIn((await openPicker({ data: 'csrf=abc&x=1', accept_lineitem: false })).text);
    const res = await post([['picker_token', token], ['video', String(lab.id)], ['grade_' + lab.id, 'on'], ['action', 'submit']]);
    const verified = await world.platform.verifyDeepLinkingResponse(parseAutoSubmitForm(res.text).fields.JWT!);
    expect(verified.claims['https://purl.imsglobal.org/spec/lti-dl/claim/data']).to.equal('csrf=abc&x=1');
    expect(verified.items[0]!.lineItem).to.equal(undefined);
  });

  it('answers an html-only platform with iframes: a public video\'s embed, a share link for a private one', async () => {
    const token = tokenIn((await openPicker({ accept_types: ['html'] })).text);
    const res = await post([['picker_token', token], ['video', String(lab.id)], ['video', String(lecture.id)], ['action', 'submit']]);
    expect(res.status, res.text).to.equal(200);
    const jwks = (await request(world.ctx.app).get('/lti/keys').expect(200)).body as Jwks;
    const { payload } = verifyWithJwks(parseAutoSubmitForm(res.text).fields.JWT!, jwks);
    const items = payload[claim.contentItems] as { type: string; html: string }[];
    expect(items.map((item) => item.type)).to.deep.equal(['html', 'html']);
    expect(items[0]!.html).to.contain(`src="http://lectern.test/video/${lab.slug}/?is_iframe=true"`);
    const shared = /src="http:\/\/lectern\.test(\/video\/[^"]+)"/.exec(items[1]!.html)![1]!.replace(/&amp;/g, '&');
    expect(shared).to.match(new RegExp(`^/video/${lecture.slug}/\\d+-[A-Za-z0-9_-]{32}/\\?is_iframe=true$`));
    const embed = await request(world.ctx.app).get(shared);
    expect((playerConfigIn(embed.text) as { videoId: number }).videoId).to.equal(lecture.id);
  });

  it('refuses the picker to a student (403 lti_deep_linking_not_teacher)', async () => {
    // Moodle offers "Select content" to editing teachers only: a student's request is forged from the teacher's.
    const auth = await authorizedLaunch(world, { user: '3', message: 'deeplink', course: '2' });
    const claims = decodeJwt(auth.fields.id_token!).payload;
    const idToken = world.platform.signIdToken({ ...claims, sub: '4', name: 'Sam Student', [claim.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'] });
    const res = await request(world.ctx.app).post(new URL(auth.action!).pathname).type('form').send({ ...auth.fields, id_token: idToken });
    expect(res.status).to.equal(403);
    expect(res.headers['x-lectern-error-code']).to.equal('lti_deep_linking_not_teacher');
    expect(tokenIn(res.text)).to.equal('');
  });

  it('uploads through the picker with its token (tus), and refuses the upload without it', async () => {
    const token = tokenIn((await openPicker()).text);
    const bytes = await readFile(await videoClip());
    const refused = await request(world.ctx.app).post('/lti/picker/uploads').set(TUS).set('Upload-Length', String(bytes.length)).set('Upload-Metadata', encodeMetadata({ filename: 'clip.mp4' }));
    expect(refused.status).to.equal(401);
    expect(refused.body.code).to.equal('lti_picker_invalid');
    const auth = { 'X-Lectern-Picker-Token': token };
    const created = await request(world.ctx.app).post('/lti/picker/uploads').set(TUS).set(auth).set('Upload-Length', String(bytes.length)).set('Upload-Metadata', encodeMetadata({ filename: 'clip.mp4', title: 'Picked upload' }));
    expect(created.status, created.text).to.equal(201);
    const location = created.headers.location as string;
    expect(location).to.match(/^\/lti\/picker\/uploads\/[0-9a-f]{32}$/);
    const stranger = await request(world.ctx.app).patch(location).set(TUS).set('Upload-Offset', '0').set('Content-Type', 'application/offset+octet-stream').send(bytes);
    expect(stranger.status).to.equal(401);
    const done = await request(world.ctx.app).patch(location).set(TUS).set(auth).set('Upload-Offset', '0').set('Content-Type', 'application/offset+octet-stream').send(bytes);
    expect(done.status, done.text).to.equal(204);
    const video = await world.ctx.services.videoService.getManageable(teacher, Number(done.headers['lectern-video-id']));
    expect(video.title).to.equal('Picked upload');
  });

  describe('refusals, each with its code', () => {
    const tokens = () => createPickerTokens(deriveKey(TEST_SECRET, 'lti-picker'));
    const stateOf = async () => {
      const checked = tokens().verify(tokenIn((await openPicker()).text));
      if (!checked.ok) throw new Error(checked.reason);
      return checked.state;
    };

    it('an expired picker token: 401 lti_picker_expired', async () => {
      const { expiresAt: _expired, ...state } = await stateOf();
      const old = tokens().issue(state, Math.floor(Date.now() / 1000) - 7200);
      const res = await post([['picker_token', old], ['video', String(lab.id)], ['action', 'submit']]);
      expect(res.status).to.equal(401);
      expect(res.headers['x-lectern-error-code']).to.equal('lti_picker_expired');
      expect(res.text).to.not.contain('JWT');
    });

    it('a forged or missing picker token: 401 lti_picker_invalid', async () => {
      const { expiresAt: _expired, ...state } = await stateOf();
      const forged = createPickerTokens(Buffer.alloc(32, 1)).issue(state);
      for (const fields of [[['picker_token', forged]], []] as [string, string][][]) {
        const res = await post([...fields, ['video', String(lab.id)], ['action', 'submit']]);
        expect(res.status).to.equal(401);
        expect(res.headers['x-lectern-error-code']).to.equal('lti_picker_invalid');
      }
    });

    it('a video the teacher does not manage: 403 lti_picker_video_forbidden, the picker shown again', async () => {
      const token = tokenIn((await openPicker()).text);
      const res = await post([['picker_token', token], ['video', String(lab.id)], ['video', String(foreign.id)], ['action', 'submit']]);
      expect(res.status).to.equal(403);
      expect(res.headers['x-lectern-error-code']).to.equal('lti_picker_video_forbidden');
      expect(res.text).to.contain('role="alert"').and.to.contain('name="picker_token"').and.not.to.contain('name="JWT"');
      const preview = await request(world.ctx.app).post('/lti/picker/preview').type('form').send(form([['picker_token', token], ['preview', String(foreign.id)]]));
      expect(preview.status).to.equal(403);
      expect(playerConfigIn(preview.text)).to.equal(null);
    });

    it('nothing selected: 400 lti_picker_nothing_selected', async () => {
      const res = await post([['picker_token', tokenIn((await openPicker()).text)], ['action', 'submit']]);
      expect(res.status).to.equal(400);
      expect(res.headers['x-lectern-error-code']).to.equal('lti_picker_nothing_selected');
    });

    it('two videos where the platform accepts one: 400 lti_picker_single_only (and radio buttons)', async () => {
      const page = await openPicker({ accept_multiple: false });
      expect(page.text).to.contain('type="radio"').and.not.to.contain('type="checkbox" id="pick-');
      const res = await post([['picker_token', tokenIn(page.text)], ['video', String(lab.id)], ['video', String(lecture.id)], ['action', 'submit']]);
      expect(res.status).to.equal(400);
      expect(res.headers['x-lectern-error-code']).to.equal('lti_picker_single_only');
    });

    it('a platform accepting no type Lectern sends: 400 lti_deep_linking_unsupported_types at launch', async () => {
      const res = await openPicker({ accept_types: ['file'] });
      expect(res.status).to.equal(400);
      expect(res.headers['x-lectern-error-code']).to.equal('lti_deep_linking_unsupported_types');
    });
  });
});
