import { randomBytes } from 'node:crypto';
import type { User, UserRole } from '../../server/src/domain/users/user.js';
import type { Video, VideoCreate } from '../../server/src/domain/videos/video.js';
import type { TestApp } from './test-app.js';

export const TEST_PASSWORD = 'a-long-test-password';

export interface UserWithToken {
  readonly user: User;
  readonly token: string;
  readonly auth: { Authorization: string };
}

/** A user (staff by default) and an API token of theirs. */
export async function createUser(ctx: TestApp, options: { role?: UserRole; username?: string; password?: string } = {}): Promise<UserWithToken> {
  const user = await ctx.services.userService.create({
    username: options.username ?? `user_${randomBytes(4).toString('hex')}`,
    role: options.role ?? 'staff',
    password: options.password ?? TEST_PASSWORD,
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: 'ada@example.org',
  });
  const { key } = await ctx.services.tokenService.create(user.id, 'test');
  return { user, token: key, auth: { Authorization: `Token ${key}` } };
}

export async function createVideo(ctx: TestApp, owner: User, fields: Partial<VideoCreate> = {}): Promise<Video> {
  return ctx.services.videoService.create(owner, { title: 'A lecture', ...fields });
}

/** A video whose length is known without encoding it (as if an encoding had measured it). */
export async function createVideoWithDuration(ctx: TestApp, owner: User, seconds: number, fields: Partial<VideoCreate> = {}): Promise<Video> {
  const video = await createVideo(ctx, owner, fields);
  await ctx.database.db.updateTable('videos').set({ duration_seconds: seconds }).where('id', '=', video.id).execute();
  return ctx.services.videoService.getManageable(owner, video.id);
}
