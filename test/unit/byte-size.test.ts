import { expect } from 'chai';
import { formatByteSize, parseByteSize } from '../../server/src/config/byte-size.js';

describe('byte sizes', () => {
  it('parses binary and decimal units', () => {
    expect(parseByteSize('8GiB')).to.equal(8 * 1024 ** 3);
    expect(parseByteSize('500 MB')).to.equal(500e6);
    expect(parseByteSize('1.5KiB')).to.equal(1536);
    expect(parseByteSize('1048576')).to.equal(1048576);
    expect(parseByteSize('0')).to.equal(0);
  });

  it('refuses what is not a size', () => {
    for (const text of ['', 'lots', '-1GB', '8 GiBs', '1e3', '9999999999TiB']) expect(parseByteSize(text), text).to.equal(null);
  });

  it('formats sizes for people', () => {
    expect(formatByteSize(512)).to.equal('512 B');
    expect(formatByteSize(8 * 1024 ** 3)).to.equal('8 GiB');
    expect(formatByteSize(1536)).to.equal('1.5 KiB');
    expect(formatByteSize(150 * 1024 ** 2)).to.equal('150 MiB');
  });
});
