import { sql as core } from './0001-core.js';
import { sql as encoding } from './0002-encoding.js';
import { sql as player } from './0003-player.js';
import { sql as moodleBridge } from './0004-moodle-bridge.js';
import { sql as importHeartbeat } from './0005-import-heartbeat.js';
import { sql as ltiPlatforms } from './0006-lti-platforms.js';
import { sql as ltiLinks } from './0007-lti-links.js';
import { sql as ltiScoreQueue } from './0008-lti-score-queue.js';
import { sql as meetings } from './0009-meetings.js';
import { sql as meetingLastServer } from './0010-meeting-last-server.js';
import { sql as sso } from './0011-sso.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Forward-only, numbered. Append new migrations; never edit one that has shipped. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'core', sql: core },
  { version: 2, name: 'encoding', sql: encoding },
  { version: 3, name: 'player', sql: player },
  { version: 4, name: 'moodle-bridge', sql: moodleBridge },
  { version: 5, name: 'import-heartbeat', sql: importHeartbeat },
  { version: 6, name: 'lti-platforms', sql: ltiPlatforms },
  { version: 7, name: 'lti-links', sql: ltiLinks },
  { version: 8, name: 'lti-score-queue', sql: ltiScoreQueue },
  { version: 9, name: 'meetings', sql: meetings },
  { version: 10, name: 'meeting-last-server', sql: meetingLastServer },
  { version: 11, name: 'sso', sql: sso },
];
