import { sql } from 'kysely';
import type { Db } from '../../server/src/infra/db.js';

/**
 * The benchmark's catalogue, written with set-based SQL (seconds, not minutes): `users` staff
 * accounts `teacher0001…`, each owning `videosPerUser` encoded videos whose titles mix a few
 * course words (so searches match a handful per user), dates spread over two years, and the
 * same realistic manifest (three renditions, two MP4s, an mp3, thumbnails) — what a listing
 * reads and presents. No media files are needed: listings never open them.
 */
export const SEARCH_WORDS = ['thermodynamique', 'algèbre', 'histoire', 'chimie', 'biologie', 'droit', 'économie', 'informatique'];

const MANIFEST = {
  kind: 'video',
  durationSeconds: 3600,
  master: 'hls/master.m3u8',
  renditions: [
    { name: '360p', width: 640, height: 360, bandwidth: 1_000_000, averageBandwidth: 800_000, codecs: 'avc1.64001e,mp4a.40.2', frameRate: 25, playlist: 'hls/360p.m3u8', file: 'hls/360p.mp4', mp4: { file: 'mp4/360p.mp4', size: 300_000_000 } },
    { name: '720p', width: 1280, height: 720, bandwidth: 3_000_000, averageBandwidth: 2_000_000, codecs: 'avc1.64001f,mp4a.40.2', frameRate: 25, playlist: 'hls/720p.m3u8', file: 'hls/720p.mp4', mp4: { file: 'mp4/720p.mp4', size: 900_000_000 } },
    { name: '1080p', width: 1920, height: 1080, bandwidth: 4_500_000, averageBandwidth: 3_000_000, codecs: 'avc1.640028,mp4a.40.2', frameRate: 25, playlist: 'hls/1080p.m3u8', file: 'hls/1080p.mp4', mp4: null },
  ],
  audio: { mp3: 'audio/audio.mp3', m4a: null },
  thumbnails: ['thumbnails/0.jpg', 'thumbnails/1.jpg', 'thumbnails/2.jpg'],
  storyboard: null,
  subtitles: [],
  encoder: { ffmpeg: '5.1', preset: 'veryfast', crf: 23 },
};

export async function seedCatalogue(db: Db, users: number, videosPerUser: number): Promise<void> {
  const words = sql.val(SEARCH_WORDS);
  await sql`INSERT INTO users (site_id, username, first_name, last_name, email, role)
    SELECT 1, 'teacher' || lpad(n::text, 4, '0'), 'Prénom' || n, 'Nom' || n, 'teacher' || n || '@univ.example', 'staff'
    FROM generate_series(1, ${users}) AS n`.execute(db);
  await sql`INSERT INTO videos (site_id, owner_id, type_id, title, slug, description, tags, is_draft, status, duration_seconds,
      media_folder, media, thumbnail_index, encoded_at, created_at, updated_at)
    SELECT 1, u.id, 1, t.title, 'seed-' || u.id || '-' || v, '<p>Cours magistral</p>', ARRAY['cours'], v % 10 = 0, 'ready', 3600,
      'videos/seed/media-seed', ${JSON.stringify(MANIFEST)}::jsonb, 1, now(), d.at, d.at
    FROM users u
    CROSS JOIN generate_series(1, ${videosPerUser}) AS v
    CROSS JOIN LATERAL (SELECT 'Cours ' || v || ' — ' || (${words}::text[])[1 + (u.id * 7 + v) % array_length(${words}::text[], 1)] AS title) t
    CROSS JOIN LATERAL (SELECT now() - ((u.id * ${videosPerUser} + v) % 730) * interval '1 day' - v * interval '1 minute' AS at) d
    WHERE u.username LIKE 'teacher%'`.execute(db);
  // Real slugs need the ids: set them afterwards, as videoSlug() would (id padded, title slugified).
  await sql`UPDATE videos SET slug = lpad(id::text, 4, '0') || '-cours-' || id WHERE slug LIKE 'seed-%'`.execute(db);
  await sql`ANALYZE videos`.execute(db);
  await sql`ANALYZE users`.execute(db);
}
