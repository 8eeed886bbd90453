import { startBbbServer, type BbbServerDouble } from '../../helpers/bbb-server/index.js';
import { lectern } from '../../helpers/lectern-cli.js';
import type { BrowserSuite } from './browser-suite.js';
import type { LecternServer } from './lectern-server.js';

/**
 * The BBB server double (test/helpers/bbb-server), made the default BigBlueButton server of the
 * running Lectern's site as an administrator does it: `lectern bbb:server:add --default`, the
 * secret on stdin, against the server's own (embedded) database.
 */
async function startBbbDoubleFor(server: LecternServer): Promise<BbbServerDouble> {
  const bbb = await startBbbServer();
  const args = ['bbb:server:add', server.adminUsername, '--name', 'BBB double', '--url', bbb.apiUrl, '--secret-stdin', '--default'];
  const run = await lectern(args, { LECTERN_VAR_DIR: server.varDir, DATABASE_URL: '', LOG_LEVEL: 'warn' }, { input: `${bbb.secret}\n` });
  if (run.code !== 0) {
    await bbb.close();
    throw new Error(`lectern bbb:server:add failed (exit code ${run.code}): ${run.stderr || run.stdout}`);
  }
  return bbb;
}

/**
 * Mocha hooks for a file of useBrowserSuite(): a BBB double, the default server of the suite's
 * Lectern, closed after the file. Call after useBrowserSuite(); the returned function gives the double.
 */
export function useBbbDouble(suite: BrowserSuite): () => BbbServerDouble {
  let bbb: BbbServerDouble | undefined;
  before(async function () {
    this.timeout(60_000);
    bbb = await startBbbDoubleFor(suite.server);
  });
  after(async () => {
    await bbb?.close();
  });
  return () => {
    if (!bbb) throw new Error('the BBB double is not running: the before() hook of useBbbDouble failed');
    return bbb;
  };
}

/** The BBB meeting id in an invitation link (`…/meetings/join/<bbbMeetingId>/<token>`). */
export function bbbMeetingIdOf(invitation: string): string {
  const id = /\/meetings\/join\/([^/]+)\/[^/]+$/.exec(invitation)?.[1];
  if (!id) throw new Error(`not an invitation link: ${invitation}`);
  return decodeURIComponent(id);
}
