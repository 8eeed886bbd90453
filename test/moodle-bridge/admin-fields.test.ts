import { expect } from 'chai';
import { podUserAffiliation, podUserRole } from '../../server/src/domain/bridge/bridge-users.js';
import { ConflictError, NotFoundError, UnsupportedMediaError, ValidationError } from '../../server/src/domain/errors.js';
import type { User } from '../../server/src/domain/users/user.js';
import { videoIdOfSlug, videoSlug } from '../../server/src/domain/videos/slug.js';
import { asPodFieldError } from '../../moodle-bridge/http/pod-field-errors.js';
import { presentChapter, presentTrack } from '../../moodle-bridge/presenters/completion.presenter.js';
import { podUrls } from '../../moodle-bridge/presenters/pod-urls.js';
import { presentAccessGroup, presentRendition, renditionResolution } from '../../moodle-bridge/presenters/reference.presenter.js';
import { presentRoot } from '../../moodle-bridge/presenters/root.presenter.js';
import { presentUser } from '../../moodle-bridge/presenters/user.presenter.js';
import { addedRange } from '../../moodle-bridge/http/video-filters.js';
import { boolean, dateOrNull, list, parseDrf, text } from '../../moodle-bridge/schemas/drf-fields.js';
import { hyperlink } from '../../moodle-bridge/schemas/hyperlink.js';
import { toVideoPatch, videoWriteBody } from '../../moodle-bridge/schemas/video.schemas.js';

/** The pure parts of the Pod admin API: DRF field parsing, hyperlinks, role mapping, presenters. */
describe('Pod admin API: fields, hyperlinks and presenters', () => {
  const urls = podUrls('https://videos.univ.fr/lectern');

  describe('hyperlinks (DRF HyperlinkedRelatedField, plus ids)', () => {
    const users = hyperlink('users', 'https://videos.univ.fr/lectern');
    const cases: [unknown, ReturnType<typeof users>][] = [
      ['https://videos.univ.fr/lectern/rest/users/12/', { ok: true, value: 12 }],
      ['http://other-host/lectern/rest/users/12', { ok: true, value: 12 }],
      ['/lectern/rest/users/7/', { ok: true, value: 7 }],
      ['12', { ok: true, value: 12 }],
      [' 12 ', { ok: true, value: 12 }],
      [12, { ok: true, value: 12 }],
      ['https://videos.univ.fr/rest/users/12/', { ok: false, message: 'Invalid hyperlink - No URL match.' }],
      ['https://videos.univ.fr/lectern/rest/types/12/', { ok: false, message: 'Invalid hyperlink - Incorrect URL match.' }],
      ['https://videos.univ.fr/lectern/rest/owners/12/', { ok: false, message: 'Invalid hyperlink - No URL match.' }],
      ['https://videos.univ.fr/lectern/rest/users/abc/', { ok: false, message: 'Invalid hyperlink - No URL match.' }],
      ['jdoe', { ok: false, message: 'Invalid hyperlink - No URL match.' }],
      ['0', { ok: false, message: 'Invalid hyperlink - Object does not exist.' }],
      [1.5, { ok: false, message: 'Incorrect type. Expected URL string, received float.' }],
      [true, { ok: false, message: 'Incorrect type. Expected URL string, received bool.' }],
      [{ id: 1 }, { ok: false, message: 'Incorrect type. Expected URL string, received dict.' }],
      [null, { ok: false, message: 'Incorrect type. Expected URL string, received NoneType.' }],
    ];
    for (const [value, expected] of cases) {
      it(`${JSON.stringify(value)} → ${JSON.stringify(expected)}`, () => {
        expect(users(value)).to.deep.equal(expected);
      });
    }
  });

  describe('DRF fields', () => {
    it('reads booleans as DRF does', () => {
      for (const value of [true, 'true', 'True', '1', 1, 'yes', 'on', 't']) expect(boolean(value)).to.deep.equal({ ok: true, value: true });
      for (const value of [false, 'false', 'FALSE', '0', 0, 'no', 'off', 'f']) expect(boolean(value)).to.deep.equal({ ok: true, value: false });
      for (const value of ['maybe', 2, null, [], '']) expect(boolean(value)).to.deep.equal({ ok: false, message: 'Must be a valid boolean.' });
    });

    it('reads text, dates and lists with DRF\'s messages', () => {
      expect(text({ max: 3 })(' abc ')).to.deep.equal({ ok: true, value: 'abc' });
      expect(text({ max: 3 })(42)).to.deep.equal({ ok: true, value: '42' });
      expect(text({ max: 3 })('abcd')).to.deep.equal({ ok: false, message: 'Ensure this field has no more than 3 characters.' });
      expect(text({ max: 3 })('🎓🎓🎓')).to.deep.equal({ ok: true, value: '🎓🎓🎓' });
      expect(text({ max: 3 })(' ')).to.deep.equal({ ok: false, message: 'This field may not be blank.' });
      expect(text({ max: 3 })(false)).to.deep.equal({ ok: false, message: 'Not a valid string.' });
      expect(dateOrNull('2024-02-29')).to.deep.equal({ ok: true, value: '2024-02-29' });
      expect(dateOrNull('')).to.deep.equal({ ok: true, value: null });
      expect(dateOrNull('2023-02-29')).to.deep.equal({ ok: false, message: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.' });
      expect(list(boolean)('1')).to.deep.equal({ ok: true, value: [true] });
      expect(list(boolean, { allowEmpty: false })([])).to.deep.equal({ ok: false, message: 'This list may not be empty.' });
      expect(list(boolean)(['1', 'x'])).to.deep.equal({ ok: false, message: 'Must be a valid boolean.' });
    });

    it('reports the body\'s problems per field, the body itself as non_field_errors', () => {
      const schema = videoWriteBody('http://lectern.test', 'create');
      const error = (() => {
        try {
          parseDrf(schema, { title: '', is_draft: 'x' }, [{ path: 'video', message: 'No file was submitted.' }]);
        } catch (thrown) {
          return thrown as ValidationError;
        }
        return null;
      })();
      expect(error?.details.fields).to.deep.equal([
        { path: 'title', message: 'This field may not be blank.' },
        { path: 'owner', message: 'This field is required.' },
        { path: 'is_draft', message: 'Must be a valid boolean.' },
        { path: 'video', message: 'No file was submitted.' },
      ]);
      expect(() => parseDrf(schema, 'text')).to.throw(ValidationError).with.property('details').that.deep.equals({ fields: [{ path: '', message: 'Invalid data. Expected a dictionary, but got string.' }] });
    });

    it('turns a video body into the domain\'s fields: the mask keeps the password, blank removes it, links become names', () => {
      const schema = videoWriteBody('http://lectern.test', 'patch');
      const linked = {
        users: new Map([[5, { id: 5, username: 'co' } as User]]),
        groups: new Map([[3, { id: 3, siteId: 1, codeName: 'L1', displayName: 'L1', memberCount: 0, createdAt: new Date(0) }]]),
        types: new Set<number>(),
        sites: new Set<number>(),
        disciplines: new Set<number>(),
      };
      const body = parseDrf(schema, { password: '********', additional_owners: ['http://lectern.test/rest/users/5/'], restrict_access_to_groups: '3', tags: 'a, b', main_lang: 'FR', licence: '' });
      expect(toVideoPatch(body, linked)).to.deep.equal({ additionalOwners: ['co'], accessGroups: ['L1'], tags: ['a', 'b'], mainLang: 'fr', licence: null });
      expect(toVideoPatch(parseDrf(schema, { password: '' }), linked)).to.deep.equal({ password: null });
      expect(toVideoPatch(parseDrf(schema, { password: 'new one', owner: 5, is_draft: 'no' }), linked)).to.deep.equal({ password: 'new one', ownerId: 5, isDraft: false });
    });
  });

  describe('domain errors in Pod\'s terms', () => {
    it('turns conflicts and refused files on a field into 400s on Pod\'s field names; leaves the rest', () => {
      const conflict = new ConflictError('chapter_start_taken', 'taken', { fields: [{ path: 'start', message: 'taken' }] });
      const converted = asPodFieldError(conflict, { start: 'time_start' }) as ValidationError;
      expect(converted).to.be.instanceOf(ValidationError);
      expect(converted.code).to.equal('chapter_start_taken');
      expect(converted.details.fields).to.deep.equal([{ path: 'time_start', message: 'taken' }]);
      const file = asPodFieldError(new UnsupportedMediaError('track_invalid_vtt', 'bad', { fields: [{ path: 'file', message: 'bad' }] }), { file: 'src' }) as ValidationError;
      expect(file.details.fields).to.deep.equal([{ path: 'src', message: 'bad' }]);
      const notFound = new NotFoundError('video_not_found', 'No video.');
      expect(asPodFieldError(notFound, {})).to.equal(notFound);
      const bare = new ConflictError('encoding_in_progress', 'busy');
      expect(asPodFieldError(bare, {})).to.equal(bare);
    });
  });

  describe('rules', () => {
    it('maps Pod users to Lectern roles and affiliations', () => {
      expect(podUserRole({ isStaff: true, role: 'student', affiliation: null })).to.equal('admin');
      expect(podUserRole({ isStaff: false, role: 'staff', affiliation: 'student' })).to.equal('staff');
      expect(podUserRole({ isStaff: false, role: null, affiliation: ' Faculty ' })).to.equal('staff');
      expect(podUserRole({ isStaff: false, role: null, affiliation: 'affiliate' })).to.equal('student');
      expect(podUserRole({ isStaff: false, role: null, affiliation: null })).to.equal('student');
      expect(podUserAffiliation({ affiliation: null }, 'student')).to.equal('student');
      expect(podUserAffiliation({ affiliation: null }, 'admin')).to.equal('staff');
      expect(podUserAffiliation({ affiliation: 'Employee' }, 'staff')).to.equal('employee');
    });

    it('finds the video id a slug starts with', () => {
      expect(videoIdOfSlug(videoSlug(42, 'My talk'))).to.equal(42);
      expect(videoIdOfSlug('123456-x')).to.equal(123456);
      expect(videoIdOfSlug('my-talk')).to.equal(null);
      expect(videoIdOfSlug('0042')).to.equal(null);
    });

    it('reads date_added as a UTC day or a second', () => {
      expect(addedRange('2024-03-05')).to.deep.equal({ addedFrom: new Date('2024-03-05T00:00:00Z'), addedBefore: new Date('2024-03-06T00:00:00Z') });
      expect(addedRange('2024-03-05T10:15:30')).to.deep.equal({ addedFrom: new Date('2024-03-05T10:15:30Z'), addedBefore: new Date('2024-03-05T10:15:31Z') });
      expect(addedRange('2024-03-05 12:15:30+02:00')).to.deep.equal({ addedFrom: new Date('2024-03-05T10:15:30Z'), addedBefore: new Date('2024-03-05T10:15:31Z') });
      for (const bad of ['2024-13-01', '2024-02-30', 'today', '05/03/2024']) expect(addedRange(bad), bad).to.equal(null);
    });
  });

  describe('presenters', () => {
    it('present users, renditions, groups, chapters, tracks and the API root', () => {
      const user = { id: 4, siteId: 1, username: 'ada', firstName: 'Ada', lastName: 'L', email: 'a@x.org', affiliation: 'staff', role: 'admin', authType: 'local', quotaBytes: null, isActive: true, lastLoginAt: null, createdAt: new Date(0) } as const;
      expect(presentUser(user, urls)).to.deep.equal({ id: 4, url: 'https://videos.univ.fr/lectern/rest/users/4/', username: 'ada', first_name: 'Ada', last_name: 'L', email: 'a@x.org', is_staff: true, groups: [], role: 'admin' });
      expect(['360', '480', '720', '1080', '2160'].map((h) => renditionResolution(Number(h)))).to.deep.equal(['640x360', '854x480', '1280x720', '1920x1080', '3840x2160']);
      expect(presentRendition({ height: 720, maxrateKbps: 3000, audioKbps: 128, mp4: true }, 2, urls)).to.deep.equal({
        id: 720,
        url: 'https://videos.univ.fr/lectern/rest/renditions/720/',
        resolution: '1280x720',
        video_bitrate: '3000k',
        audio_bitrate: '128k',
        encode_mp4: true,
        sites: ['https://videos.univ.fr/lectern/rest/sites/2/'],
      });
      const group = { id: 3, siteId: 1, codeName: 'L1', displayName: 'Licence 1', memberCount: 1, createdAt: new Date(0) };
      expect(presentAccessGroup(group, [{ id: 9, username: 'u', firstName: '', lastName: '' }], urls)).to.deep.equal({
        id: 3,
        url: 'https://videos.univ.fr/lectern/rest/accessgroups/3/',
        display_name: 'Licence 1',
        code_name: 'L1',
        sites: ['https://videos.univ.fr/lectern/rest/sites/1/'],
        users: ['https://videos.univ.fr/lectern/rest/users/9/'],
      });
      const dates = { createdAt: new Date(0), updatedAt: new Date(0) };
      expect(presentChapter({ id: 8, videoId: 2, title: 'Intro', start: 12.5, ...dates }, urls)).to.deep.equal({
        id: 8,
        url: 'https://videos.univ.fr/lectern/rest/chapters/8/',
        video: 'https://videos.univ.fr/lectern/rest/videos/2/',
        title: 'Intro',
        time_start: 12.5,
      });
      const track = { id: 6, videoId: 2, kind: 'captions' as const, lang: 'fr', label: 'Français', fileKey: 'tracks/abc.vtt', origin: 'upload' as const, cueCount: 1, size: 10, ...dates };
      expect(presentTrack(track, urls, 'g1.2.grant')).to.deep.equal({
        id: 6,
        url: 'https://videos.univ.fr/lectern/rest/tracks/6/',
        video: 'https://videos.univ.fr/lectern/rest/videos/2/',
        kind: 'captions',
        lang: 'fr',
        src: 'https://videos.univ.fr/lectern/media/g1.2.grant/2/tracks/abc.vtt',
      });
      expect(presentRoot(urls).users).to.equal('https://videos.univ.fr/lectern/rest/users/');
    });
  });
});
