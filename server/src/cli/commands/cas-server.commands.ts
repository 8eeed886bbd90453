import { Argument, type Command } from 'commander';
import { casServiceUrl } from '../../domain/sso/cas-protocol.js';
import type { CasServer } from '../../domain/sso/cas-server.js';
import { translator } from '../../http/i18n/i18n.js';
import { wholeNumber } from '../arguments.js';
import { withCliUser } from '../cli-context.js';
import { printTable, type Output } from '../output.js';

interface SettingOptions {
  name?: string;
  url?: string;
  json?: boolean;
}

const serverIdArgument = () => new Argument('<id>', 'the CAS server id (see cas:server:list)').argParser(wholeNumber('a CAS server id (see cas:server:list)'));

function serverJson(server: CasServer, publicUrl: string) {
  return { id: server.id, site_id: server.siteId, name: server.name, base_url: server.baseUrl, enabled: server.enabled, service_url: casServiceUrl(publicUrl, server.id) };
}

/** One server, as JSON or as a sentence. */
function printServer(out: Output, server: CasServer, publicUrl: string, json: boolean | undefined, text: string): void {
  if (json) out.json(serverJson(server, publicUrl));
  else out.line(text);
}

function registerSettingCommands(program: Command, out: Output): void {
  program
    .command('cas:server:add')
    .description("add a CAS server (enabled: it is on the login page) to the administrator's site")
    .argument('<admin-username>')
    .option('--name <name>', 'what the login page shows (1-200 characters)')
    .option('--url <url>', 'its base URL, the one /login is under (e.g. https://cas.univ.example/cas)')
    .option('--json', 'print JSON')
    .action(async (username: string, options: SettingOptions) => {
      const { server, publicUrl } = await withCliUser(username, async (admin, { services, config }) => ({
        server: await services.casServerService.add(admin, { name: options.name ?? '', baseUrl: options.url ?? '' }),
        publicUrl: config.publicUrl,
      }));
      printServer(out, server, publicUrl, options.json, `Added CAS server ${server.id} (${server.baseUrl}). Register this service URL at the CAS server: ${casServiceUrl(publicUrl, server.id)}`);
    });

  program
    .command('cas:server:edit')
    .description('change the name or URL of a CAS server (the options given; the others stay)')
    .argument('<admin-username>')
    .addArgument(serverIdArgument())
    .option('--name <name>', 'what the login page shows (1-200 characters)')
    .option('--url <url>', 'its base URL (identities of the old URL stay with it: see /admin/sso/cas)')
    .option('--json', 'print JSON')
    .action(async (username: string, id: number, options: SettingOptions) => {
      const { server, publicUrl } = await withCliUser(username, async (admin, { services, config }) => {
        const before = await services.casServerService.get(admin, id);
        const input = { name: options.name ?? before.name, baseUrl: options.url ?? before.baseUrl };
        return { server: await services.casServerService.update(admin, id, input), publicUrl: config.publicUrl };
      });
      printServer(out, server, publicUrl, options.json, `Updated CAS server ${server.id} (${server.name}, ${server.baseUrl}).`);
    });
}

function registerStateCommands(program: Command, out: Output): void {
  const changes = [
    ['enable', 'enable a CAS server: it is on the login page again', 'is enabled'],
    ['disable', 'disable a CAS server: it leaves the login page and its sign-ins are refused', 'is disabled'],
  ] as const;
  for (const [name, description, done] of changes) {
    program
      .command(`cas:server:${name}`)
      .description(description)
      .argument('<admin-username>')
      .addArgument(serverIdArgument())
      .option('--json', 'print JSON')
      .action(async (username: string, id: number, options: { json?: boolean }) => {
        const { server, publicUrl } = await withCliUser(username, async (admin, { services, config }) => ({ server: await services.casServerService[name](admin, id), publicUrl: config.publicUrl }));
        printServer(out, server, publicUrl, options.json, `CAS server ${server.id} ${done}.`);
      });
  }

  program
    .command('cas:server:remove')
    .description('remove a CAS server (the accounts of the people who signed in through it are kept, tied to its URL)')
    .argument('<admin-username>')
    .addArgument(serverIdArgument())
    .action(async (username: string, id: number) => {
      const identities = await withCliUser(username, async (admin, { services }) => {
        const count = await services.casServerService.identityCount(admin, id);
        await services.casServerService.remove(admin, id);
        return count;
      });
      out.line(`CAS server ${id} removed.${identities ? ` The ${identities} accounts that signed in through it are kept, tied to its URL.` : ''}`);
    });

  program
    .command('cas:server:check')
    .description('test that a CAS 3.0 server answers at the base URL of a server; exit code 1 when not')
    .argument('<admin-username>')
    .addArgument(serverIdArgument())
    .option('--json', 'print JSON')
    .action(async (username: string, id: number, options: { json?: boolean }) => {
      const outcome = await withCliUser(username, (admin, { services }) => services.casServerService.checkConnection(admin, id));
      if (!outcome.ok) process.exitCode = 1;
      if (options.json) out.json(outcome);
      else if (outcome.ok) out.line(`CAS server ${id}: a CAS 3.0 server answers.`);
      else process.stderr.write(`lectern: CAS server ${id}: the test failed (${outcome.code}).\n${translator('en')(`casAdmin.check.reason.${outcome.code}`)}\nDetails: ${outcome.message}\n`);
    });
}

/** The CAS servers of the administrator's site, as on the /admin/sso/cas page. */
export function registerCasServerCommands(program: Command, out: Output): void {
  program
    .command('cas:server:list')
    .description("list the CAS servers of the administrator's site, with the service URL each must have registered")
    .argument('<admin-username>')
    .option('--json', 'print JSON')
    .action(async (username: string, options: { json?: boolean }) => {
      const { servers, publicUrl } = await withCliUser(username, async (admin, { services, config }) => ({ servers: await services.casServerService.list(admin), publicUrl: config.publicUrl }));
      if (options.json) {
        out.json(servers.map((server) => serverJson(server, publicUrl)));
        return;
      }
      printTable(
        out,
        ['id', 'name', 'base url', 'enabled', 'service url'],
        servers.map((s) => [String(s.id), s.name, s.baseUrl, s.enabled ? 'yes' : 'no', casServiceUrl(publicUrl, s.id)]),
      );
    });

  registerSettingCommands(program, out);
  registerStateCommands(program, out);
}
