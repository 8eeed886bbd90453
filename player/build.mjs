// Bundles the browser code of Lectern's pages into player/dist (served at /assets).
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
await mkdir(dist, { recursive: true });
await build({
  entryPoints: { pages: path.join(here, 'src/pages.ts') },
  outdir: dist,
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});
await copyFile(path.join(here, 'src/styles/lectern.css'), path.join(dist, 'lectern.css'));
await copyFile(path.join(here, 'src/favicon.svg'), path.join(dist, 'favicon.svg'));
