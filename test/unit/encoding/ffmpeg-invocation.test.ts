import { expect } from 'chai';
import { ffmpegNumber, GLOBAL_OPTIONS, invocationArgs } from '../../../encoding/src/ffmpeg/ffmpeg-invocation.js';

describe('ffmpeg invocation → argv', () => {
  it('keeps no log level so the runner can read the time= stats lines', () => {
    expect(GLOBAL_OPTIONS).to.deep.equal(['-hide_banner', '-nostdin', '-y']);
  });

  it('orders global, (input options, -i, path)*, -filter_complex, (output options, path)*', () => {
    const args = invocationArgs({
      global: ['-hide_banner', '-y'],
      inputs: [
        { path: '/src/a.mp4', options: ['-ss', '3'] },
        { path: 'b.wav', options: [] },
      ],
      filterComplex: '[0:v]scale=2:2[v0]',
      outputs: [
        { path: 'out/1.mp4', options: ['-map', '[v0]'] },
        { path: 'out/2.mp3', options: ['-map', '1:a:0'] },
      ],
    });
    expect(args).to.deep.equal([
      '-hide_banner', '-y',
      '-ss', '3', '-i', '/src/a.mp4',
      '-i', 'b.wav',
      '-filter_complex', '[0:v]scale=2:2[v0]',
      '-map', '[v0]', 'out/1.mp4',
      '-map', '1:a:0', 'out/2.mp3',
    ]);
  });

  it('leaves -filter_complex out when there is none', () => {
    const args = invocationArgs({ global: [], inputs: [{ path: 'in.mp4', options: [] }], filterComplex: null, outputs: [{ path: 'out.mp4', options: ['-c', 'copy'] }] });
    expect(args).to.deep.equal(['-i', 'in.mp4', '-c', 'copy', 'out.mp4']);
  });

  it('gives a fresh array each time (callers may push to it)', () => {
    const invocation = { global: GLOBAL_OPTIONS, inputs: [], filterComplex: null, outputs: [] };
    const first = invocationArgs(invocation);
    first.push('-x');
    expect(invocationArgs(invocation)).to.deep.equal(['-hide_banner', '-nostdin', '-y']);
  });

  it('writes numbers with at most 3 decimals and no exponent', () => {
    expect([2.5, 29.97, 12, 1 / 3, 0.0001, -0.0001, 3600.0004, 1e-7].map(ffmpegNumber)).to.deep.equal(['2.5', '29.97', '12', '0.333', '0', '0', '3600', '0']);
    expect(() => ffmpegNumber(Number.NaN)).to.throw('not a finite number');
    expect(() => ffmpegNumber(Number.POSITIVE_INFINITY)).to.throw('not a finite number');
  });
});
