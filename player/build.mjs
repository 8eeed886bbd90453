// Bundles the browser code of Lectern's pages into player/dist (served at /assets).
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
await mkdir(dist, { recursive: true });
await build({
  entryPoints: { pages: path.join(here, 'src/pages.ts'), player: path.join(here, 'src/player.ts') },
  outdir: dist,
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});

// The player's CSS: video.js's skin and ours in one file.
await build({
  entryPoints: { player: path.join(here, 'src/styles/player.css') },
  outdir: dist,
  bundle: true,
  minify: true,
  logLevel: 'warning',
});
await extractDataFonts(path.join(dist, 'player.css'));

/**
 * video.js inlines its icon font as a data: URL, which the CSP (font-src falls back to
 * default-src 'self') refuses: write each such font to a file next to the CSS instead.
 */
async function extractDataFonts(cssFile) {
  for (const old of (await readdir(dist)).filter((file) => /^player-font-.*\.woff$/.test(file))) await rm(path.join(dist, old));
  const css = await readFile(cssFile, 'utf8');
  const fonts = [];
  const rewritten = css.replace(/url\(\s*["']?data:(?:application|font)\/(?:font-)?woff;(?:charset=[\w-]+;)?base64,([A-Za-z0-9+/=]+)["']?\s*\)/g, (_whole, base64) => {
    const bytes = Buffer.from(base64, 'base64');
    const name = `player-font-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.woff`;
    fonts.push(writeFile(path.join(dist, name), bytes));
    return `url(${name})`;
  });
  await Promise.all(fonts);
  await writeFile(cssFile, rewritten);
}

await copyFile(path.join(here, 'src/styles/lectern.css'), path.join(dist, 'lectern.css'));
await copyFile(path.join(here, 'src/favicon.svg'), path.join(dist, 'favicon.svg'));
// Pod listings (Moodle's file picker) show it for videos without a thumbnail yet.
await copyFile(path.join(here, 'src/default-thumbnail.svg'), path.join(dist, 'default-thumbnail.svg'));

// Pre-compressed copies (gzip -9) of the text assets: the server sends them to browsers that
// accept gzip, so pages cost no compression CPU per request (server/src/http/static-assets.ts).
const { gzipSync, constants } = await import('node:zlib');
for (const file of (await readdir(dist)).filter((name) => /\.(js|css|svg|map)$/.test(name))) {
  const bytes = await readFile(path.join(dist, file));
  await writeFile(path.join(dist, `${file}.gz`), gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }));
}
