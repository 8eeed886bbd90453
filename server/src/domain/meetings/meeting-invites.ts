import { hmacText, sameSignature } from '../access/signed-token.js';
import type { Meeting } from './meeting.js';

/**
 * Invitation links `/meetings/join/<bbbMeetingId>/<token>`, where the token is an HMAC of the
 * meeting's id and invitation salt under a key derived from the server secret: a database
 * dump alone opens no meeting, the owner can copy the link again at any time, and a new salt
 * revokes every link made before it (the share-link scheme of domain/access).
 */
const TOKEN_LENGTH = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export interface MeetingInvites {
  tokenOf(meeting: Pick<Meeting, 'id' | 'inviteSalt'>): string;
  /** The invitation page's path (append it to the public URL for the full link). */
  pathOf(meeting: Pick<Meeting, 'id' | 'inviteSalt' | 'bbbMeetingId'>): string;
  opens(meeting: Pick<Meeting, 'id' | 'inviteSalt'>, token: string): boolean;
}

export function createMeetingInvites(key: Buffer): MeetingInvites {
  const tokenOf = (meeting: Pick<Meeting, 'id' | 'inviteSalt'>) => hmacText(key, `meeting.${meeting.id}.${meeting.inviteSalt}`, TOKEN_LENGTH);
  return {
    tokenOf,
    pathOf: (meeting) => `/meetings/join/${encodeURIComponent(meeting.bbbMeetingId)}/${tokenOf(meeting)}`,
    opens: (meeting, token) => TOKEN_PATTERN.test(token) && sameSignature(tokenOf(meeting), token),
  };
}
