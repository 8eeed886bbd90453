import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../player/dist');

/** What the embed page (`/video/<slug>/?is_iframe=true`) loads: its JS, CSS and the icon font. */
function embedPageAssets(): string[] {
  const fonts = readdirSync(dist).filter((file) => /^player-font-.*\.woff$/.test(file));
  return ['pages.js', 'lectern.css', 'player.js', 'player.css', ...fonts];
}

describe('player bundle size', () => {
  it('keeps the embed page within 300 KB gzipped', function () {
    if (!existsSync(path.join(dist, 'player.js'))) throw new Error('player/dist/player.js is missing: run `npm run build:player` first');
    let total = 0;
    const lines = embedPageAssets().map((file) => {
      const bytes = readFileSync(path.join(dist, file));
      const gzipped = gzipSync(bytes, { level: 9 }).length;
      total += gzipped;
      return `${file.padEnd(32)} ${String(bytes.length).padStart(8)} B raw ${String(gzipped).padStart(8)} B gzipped`;
    });
    this.test!.title += ` (${(total / 1024).toFixed(1)} KiB)`;
    process.stdout.write(`${lines.map((line) => `      ${line}`).join('\n')}\n      total gzipped: ${total} B\n`);
    expect(total).to.be.at.most(300 * 1024);
  });
});
