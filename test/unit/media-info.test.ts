import { expect } from 'chai';
import { assessMedia, parseProbeOutput } from '../../server/src/domain/media/media-info.js';

const video = { codec_type: 'video', codec_name: 'h264', profile: 'High', level: 40, width: 1920, height: 1080, avg_frame_rate: '30000/1001', r_frame_rate: '30/1', side_data_list: [{ rotation: -90 }] };
const audio = { codec_type: 'audio', codec_name: 'aac', channels: 2, sample_rate: '48000' };

describe('media info from ffprobe', () => {
  it('reads streams, duration, frame rate and rotation', () => {
    const info = parseProbeOutput({ streams: [video, audio, { index: 2, codec_type: 'subtitle', codec_name: 'mov_text', tags: { language: 'fra' } }], format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '60.020000', bit_rate: '5000000' } });
    expect(info).to.deep.equal({
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 60.02,
      bitRate: 5000000,
      video: { codec: 'h264', profile: 'High', level: 40, width: 1920, height: 1080, frameRate: 29.97, variableFrameRate: false, sampleAspectRatio: null, rotation: 270 },
      audio: { codec: 'aac', channels: 2, sampleRate: 48000 },
      subtitles: [{ index: 2, codec: 'mov_text', language: 'fra' }],
    });
  });

  it('recognises variable frame rate and anamorphic pixels', () => {
    const phone = { ...video, r_frame_rate: '90000/1', avg_frame_rate: '2587/87', sample_aspect_ratio: '1:1', side_data_list: [] };
    const dv = { ...video, width: 720, height: 576, r_frame_rate: '25/1', avg_frame_rate: '25/1', sample_aspect_ratio: '64:45', side_data_list: [] };
    expect(parseProbeOutput({ streams: [phone], format: { format_name: 'mov', duration: '1' } }).video).to.include({ variableFrameRate: true, frameRate: 29.736, sampleAspectRatio: null });
    expect(parseProbeOutput({ streams: [dv], format: { format_name: 'dv', duration: '1' } }).video).to.include({ variableFrameRate: false, frameRate: 25, sampleAspectRatio: 1.422 });
  });

  it('ignores cover art as video (audio file with an attached picture)', () => {
    const info = parseProbeOutput({ streams: [audio, { codec_type: 'video', codec_name: 'mjpeg', width: 500, height: 500, disposition: { attached_pic: 1 } }], format: { format_name: 'mp3', duration: '3' } });
    expect(info.video).to.equal(null);
    expect(assessMedia(info)).to.deep.equal({ ok: true });
  });

  it('accepts audio-only and video-only media', () => {
    expect(assessMedia(parseProbeOutput({ streams: [audio], format: { format_name: 'mp3', duration: '3' } }))).to.deep.equal({ ok: true });
    expect(assessMedia(parseProbeOutput({ streams: [video], format: { format_name: 'matroska,webm', duration: '3' } }))).to.deep.equal({ ok: true });
  });

  it('refuses text art, still images, stream-less files and files without a duration', () => {
    const verdict = (output: unknown) => {
      const result = assessMedia(parseProbeOutput(output));
      return result.ok ? 'ok' : result.code;
    };
    expect(verdict({ streams: [{ codec_type: 'video', codec_name: 'ansi', width: 640, height: 400 }], format: { format_name: 'tty', duration: '1' } })).to.equal('not_media');
    expect(verdict({ streams: [{ codec_type: 'video', codec_name: 'png', width: 64, height: 64 }], format: { format_name: 'png_pipe' } })).to.equal('not_media');
    expect(verdict({ streams: [{ codec_type: 'video', codec_name: 'png', width: 64, height: 64 }], format: { format_name: 'mov,mp4', duration: '1' } })).to.equal('no_media_stream');
    expect(verdict({ streams: [{ codec_type: 'data' }], format: { format_name: 'mpegts', duration: '1' } })).to.equal('no_media_stream');
    expect(verdict({ streams: [video], format: { format_name: 'mov,mp4' } })).to.equal('invalid_media');
    expect(verdict(null)).to.equal('no_media_stream');
  });
});
