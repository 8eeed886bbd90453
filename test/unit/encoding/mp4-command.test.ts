import { expect } from 'chai';
import { invocationArgs } from '../../../encoding/src/ffmpeg/ffmpeg-invocation.js';
import { progressiveMp4Invocation } from '../../../encoding/src/ffmpeg/mp4-command.js';

describe('progressive MP4 from an HLS rendition', () => {
  it('re-muxes without re-encoding, index first, no metadata', () => {
    expect(invocationArgs(progressiveMp4Invocation('hls/720p.mp4', 'mp4/720p.mp4'))).to.deep.equal([
      '-hide_banner', '-nostdin', '-y',
      '-i', 'hls/720p.mp4',
      '-map', '0:v:0', '-map', '0:a:0?', '-c', 'copy', '-map_metadata', '-1', '-movflags', '+faststart', '-f', 'mp4',
      'mp4/720p.mp4',
    ]);
  });

  it('has no filter graph and one input, one output', () => {
    const invocation = progressiveMp4Invocation('hls/360p.mp4', 'mp4/360p.mp4');
    expect(invocation.filterComplex).to.equal(null);
    expect(invocation.inputs.map((i) => i.path)).to.deep.equal(['hls/360p.mp4']);
    expect(invocation.outputs.map((o) => o.path)).to.deep.equal(['mp4/360p.mp4']);
  });
});
