import { expect } from 'chai';
import type { EncodedMedia } from '../../../server/src/domain/encoding/encoded-media.js';
import type { Video } from '../../../server/src/domain/videos/video.js';
import { drfPage } from '../../../moodle-bridge/presenters/drf-page.js';
import { audioFiles, decodeEncodedFileId, encodedFileId, playlistFiles, videoFiles, withExtension } from '../../../moodle-bridge/presenters/encoded-files.js';
import { presentEncodedFile } from '../../../moodle-bridge/presenters/encoded-file.presenter.js';
import { durationInTime, encodingStep, naiveDateTime } from '../../../moodle-bridge/presenters/pod-fields.js';
import { podUrls } from '../../../moodle-bridge/presenters/pod-urls.js';
import { presentUserVideo } from '../../../moodle-bridge/presenters/user-video.presenter.js';

const rendition = (name: string, height: number, mp4: boolean) => ({
  name,
  width: Math.round((height * 16) / 9),
  height,
  bandwidth: height * 1000,
  averageBandwidth: height * 900,
  codecs: 'avc1.64001f,mp4a.40.2',
  frameRate: 25,
  playlist: `hls/${name}.m3u8`,
  file: `hls/${name}.mp4`,
  mp4: mp4 ? { file: `mp4/${name}.mp4`, size: height * 10 } : null,
});

const MANIFEST: EncodedMedia = {
  kind: 'video',
  durationSeconds: 3725.4,
  master: 'hls/master.m3u8',
  // Out of order on purpose: Pod lists video files by height.
  renditions: [rendition('720p', 720, true), rendition('1080p', 1080, false), rendition('360p', 360, true)],
  audio: { mp3: 'audio/audio.mp3', m4a: null },
  thumbnails: ['thumbnails/0.jpg', 'thumbnails/1.jpg', 'thumbnails/2.jpg'],
  storyboard: null,
  subtitles: [],
  encoder: { ffmpeg: '5.1', preset: 'veryfast', crf: 23 },
};

const media = { folder: 'videos/7/media-abc', manifest: MANIFEST };
const urls = podUrls('https://pod.univ.example/');

describe('Pod presenters (pure)', () => {
  it('builds DRF hyperlinks, protocol-relative URLs and media paths from the public URL', () => {
    expect(urls.rest('videos', 7)).to.equal('https://pod.univ.example/rest/videos/7/');
    expect(urls.rest('videos')).to.equal('https://pod.univ.example/rest/videos/');
    expect(urls.protocolRelative('/video/0007-x/')).to.equal('//pod.univ.example/video/0007-x/');
    expect(urls.media('g1.7.0.abc.sig', 'media-abc/mp4/360p.mp4')).to.equal('/media/g1.7.0.abc.sig/7/media-abc/mp4/360p.mp4');
    expect(podUrls('http://127.0.0.1:3000').protocolRelative('/x')).to.equal('//127.0.0.1:3000/x');
  });

  it('pages like DRF: next/previous from the request URL, page dropped for the first', () => {
    const url = 'https://pod.univ.example/rest/videos/user_videos/?&username=t1&format=json&page=2';
    expect(drfPage(url, { total: 30, page: 2, pageSize: 12 }, ['x'])).to.deep.equal({
      count: 30,
      next: 'https://pod.univ.example/rest/videos/user_videos/?username=t1&format=json&page=3',
      previous: 'https://pod.univ.example/rest/videos/user_videos/?username=t1&format=json',
      results: ['x'],
    });
    expect(drfPage(url, { total: 0, page: 1, pageSize: 12 }, [])).to.deep.equal({ count: 0, next: null, previous: null, results: [] });
    expect(drfPage(url, { total: 24, page: 2, pageSize: 12 }, []).next).to.equal(null);
  });

  it('derives encoded files with stable ids: MP4s by height, mp3/m4a, playlists', () => {
    expect(videoFiles(7, media).map((file) => [file.id, file.name, file.key])).to.deep.equal([
      [encodedFileId(7, 0), '360p', 'media-abc/mp4/360p.mp4'],
      [encodedFileId(7, 1), '720p', 'media-abc/mp4/720p.mp4'],
    ]);
    expect(audioFiles(7, media)).to.deep.equal([{ id: 448, family: 'audio', videoId: 7, name: 'audio', format: 'audio/mp3', extension: 'mp3', height: null, key: 'media-abc/audio/audio.mp3' }]);
    expect(playlistFiles(7, media).map((file) => [file.id - 448, file.name, file.key])).to.deep.equal([
      [0, 'playlist', 'media-abc/hls/master.m3u8'],
      [1, '360p', 'media-abc/hls/360p.m3u8'],
      [2, '720p', 'media-abc/hls/720p.m3u8'],
      [3, '1080p', 'media-abc/hls/1080p.m3u8'],
    ]);
    expect(decodeEncodedFileId(encodedFileId(7, 2))).to.deep.equal({ videoId: 7, slot: 2 });
    expect(decodeEncodedFileId(12)).to.equal(null);
    expect(videoFiles(7, null)).to.deep.equal([]);
    expect(withExtension(videoFiles(7, media), 'MP4')).to.have.length(2);
    expect(withExtension(videoFiles(7, media), 'webm')).to.deep.equal([]);
  });

  it('presents an encoded file as Pod\'s EncodingVideo, with an absolute granted source_file', () => {
    expect(presentEncodedFile(videoFiles(7, media)[0]!, urls, 'g1.7.0.abc.sig')).to.deep.equal({
      id: 448,
      url: 'https://pod.univ.example/rest/encodings_video/448/',
      name: '360p',
      video: 'https://pod.univ.example/rest/videos/7/',
      rendition: 'https://pod.univ.example/rest/renditions/360/',
      encoding_format: 'video/mp4',
      source_file: 'https://pod.univ.example/media/g1.7.0.abc.sig/7/media-abc/mp4/360p.mp4',
    });
    expect(presentEncodedFile(audioFiles(7, media)[0]!, urls, 'g1.7.0.abc.sig')).to.not.have.property('rendition');
  });

  it('formats durations, naive dates and encoding steps as Pod', () => {
    expect(durationInTime(3725.4)).to.equal('01:02:05');
    expect(durationInTime(null)).to.equal('00:00:00');
    expect(naiveDateTime(new Date('2026-03-04T05:06:07.890Z'))).to.equal('2026-03-04T05:06:07');
    expect(encodingStep({ status: 'ready', encoding: null })).to.equal('0: end of encoding');
    expect(encodingStep({ status: 'awaiting_upload', encoding: null })).to.equal('');
    expect(encodingStep({ status: 'encoding', encoding: null })).to.equal('2: start standard encoding');
  });

  it('presents a user_videos item exactly', () => {
    const video = {
      id: 7,
      siteId: 1,
      slug: '0007-cours-de-thermo',
      title: 'Cours de thermo',
      description: '<p>Intro</p>',
      typeId: 1,
      owner: { id: 3, username: 'jdupont', firstName: 'Jeanne', lastName: 'Dupont' },
      additionalOwners: [],
      tags: ['Énergie'],
      disciplineIds: [5],
      licence: null,
      mainLang: 'fr',
      dateEvt: '2026-02-01',
      isDraft: false,
      isRestricted: true,
      hasPassword: false,
      accessGroups: [],
      courses: [],
      allowDownloading: false,
      status: 'ready',
      durationSeconds: 3725.4,
      source: null,
      encoding: null,
      media: { ...media, thumbnailIndex: 1, encodedAt: new Date('2026-02-02T00:00:00Z') },
      accessEpoch: 0,
      version: 3,
      createdAt: new Date('2026-02-01T10:11:12.000Z'),
      updatedAt: new Date('2026-02-02T00:00:00Z'),
    } satisfies Video;
    const item = presentUserVideo(video, {
      urls,
      grant: 'g1.7.0.abc.sig',
      disciplines: new Map([[5, { id: 5, siteId: 1, title: 'Physique', description: '' }]]),
      outline: { typeTitle: 'Other', chapters: ['Premier principe'], overlays: [] },
      extensions: ['mp4', 'mp3'],
      defaultThumbnailPath: '/assets/default-thumbnail.svg',
    });
    expect(item).to.deep.equal({
      id: 7,
      url: 'https://pod.univ.example/rest/videos/7/',
      get_version: 'O',
      type: 1,
      date_added: '2026-02-01T10:11:12.000Z',
      date_evt: '2026-02-01',
      duration: 3725,
      is_draft: false,
      is_restricted: true,
      encoding_in_progress: false,
      encoded: true,
      video_data: {
        id: 7,
        title: 'Cours de thermo',
        owner: 'jdupont',
        owner_full_name: 'Jeanne Dupont',
        date_added: '2026-02-01T10:11:12',
        date_evt: '2026-02-01T00:00:00',
        description: '<p>Intro</p>',
        thumbnail: '//pod.univ.example/media/g1.7.0.abc.sig/7/media-abc/thumbnails/1.jpg',
        duration: '3725',
        duration_in_time: '01:02:05',
        tags: [{ name: 'Énergie', slug: 'energie' }],
        type: { title: 'Other', slug: 'other' },
        disciplines: [{ title: 'Physique', slug: 'physique' }],
        channels: [],
        themes: [],
        contributors: [],
        chapters: [{ title: 'Premier principe', slug: 'premier-principe' }],
        overlays: [],
        full_url: '//pod.univ.example/video/0007-cours-de-thermo/',
        is_restricted: true,
        password: false,
        mediatype: 'video',
        cursus: 'None',
        main_lang: 'French',
        encoded: true,
        encoding_in_progress: false,
        get_encoding_step: '0: end of encoding',
        get_thumbnail_admin: '<img src="//pod.univ.example/media/g1.7.0.abc.sig/7/media-abc/thumbnails/1.jpg" alt="Cours de thermo" loading="lazy">',
        video_files: {
          mp4: [
            { id: 448, type: 'video/mp4', src: '/media/g1.7.0.abc.sig/7/media-abc/mp4/360p.mp4', height: 360, extension: '.mp4', label: '360p' },
            { id: 449, type: 'video/mp4', src: '/media/g1.7.0.abc.sig/7/media-abc/mp4/720p.mp4', height: 720, extension: '.mp4', label: '720p' },
          ],
          mp3: [{ id: 448, type: 'audio/mp3', src: '/media/g1.7.0.abc.sig/7/media-abc/audio/audio.mp3', height: null, extension: '.mp3', label: 'audio' }],
        },
      },
    });
  });
});
