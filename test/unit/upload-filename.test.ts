import { expect } from 'chai';
import { mediaExtension, safeFilename, titleFromFilename } from '../../server/src/domain/uploads/upload-filename.js';

describe('upload file names', () => {
  it('keeps only the last path segment, without control characters or leading dots', () => {
    expect(safeFilename('../../etc/passwd')).to.equal('passwd');
    expect(safeFilename('C:\\Users\\prof\\cours.mp4')).to.equal('cours.mp4');
    expect(safeFilename('..')).to.equal('upload');
    expect(safeFilename('.hidden.mp4')).to.equal('hidden.mp4');
    expect(safeFilename('a\u0000b\nc.mp4')).to.equal('abc.mp4');
    expect(safeFilename('')).to.equal('upload');
    expect([...safeFilename('é'.repeat(500))]).to.have.length(200);
  });

  it('makes a title from a file name', () => {
    expect(titleFromFilename('cours_de_chimie.mp4')).to.equal('cours de chimie');
    expect(titleFromFilename('archive.tar.gz')).to.equal('archive.tar');
  });

  it('stores under a known media extension only', () => {
    expect(mediaExtension('cours.MOV', 'mov,mp4,m4a')).to.equal('mov');
    expect(mediaExtension('cours.exe', 'mov,mp4,m4a')).to.equal('mp4');
    expect(mediaExtension('noextension', 'matroska,webm')).to.equal('mkv');
    expect(mediaExtension('x.php', 'weird')).to.equal('media');
  });
});
