import { Argument, Option, type Command } from 'commander';
import { BBB_CHECKSUM_ALGORITHMS } from '../../domain/meetings/bbb.js';
import type { BbbServer } from '../../domain/meetings/bbb-server.js';
import type { BbbServerInput } from '../../domain/meetings/bbb-server-rules.js';
import type { BbbConnectionCheck } from '../../domain/meetings/bbb-server-service.js';
import { isMessageKey, translator } from '../../http/i18n/i18n.js';
import { wholeNumber } from '../arguments.js';
import { withCliUser } from '../cli-context.js';
import { printTable, type Output } from '../output.js';

interface SettingOptions {
  name?: string;
  url?: string;
  secret?: string;
  secretStdin?: boolean;
  algorithm?: string;
  default?: boolean;
  site?: number;
  json?: boolean;
}

const SECRET_HELP = `
The shared secret is printed by "bbb-conf --secret" on the BigBlueButton server. Prefer
--secret-stdin, which keeps it out of the shell history and the process list:
  ssh bbb.univ.example sudo bbb-conf --secret | awk '/Secret:|Salt:/ { print $2 }' \\
    | lectern bbb:server:add admin --name "BBB" --url https://bbb.univ.example --secret-stdin
  lectern bbb:server:update admin 3 --secret-stdin < bbb-secret.txt
  lectern bbb:server:update admin 3 --secret-stdin     (type it, then Enter and Ctrl-D)`;

const serverIdArgument = () => new Argument('<id>', 'the server id (see bbb:server:list)').argParser(wholeNumber('a server id (see bbb:server:list)'));
const siteOption = () => new Option('--site <id>', "the site (default: the administrator's own; others only for administrators of site 1)").argParser(wholeNumber('a site id'));

/** The settings options of bbb:server:add and bbb:server:update. */
function withSettingOptions(command: Command): Command {
  return command
    .option('--name <name>', 'what the server is called at Lectern (1-100 characters)')
    .option('--url <url>', 'its API URL (https://host is enough: /bigbluebutton/api/ is added)')
    .option('--secret <secret>', 'its shared secret (visible in the shell history: prefer --secret-stdin)')
    .option('--secret-stdin', 'read the shared secret from the standard input')
    .addOption(new Option('--algorithm <name>', 'checksum algorithm: sha256 unless the server only accepts sha1 (old servers)').choices(BBB_CHECKSUM_ALGORITHMS))
    .option('--json', 'print JSON')
    .addHelpText('after', SECRET_HELP);
}

function serverJson(server: BbbServer) {
  return {
    id: server.id,
    site_id: server.siteId,
    name: server.name,
    api_url: server.apiUrl,
    checksum_algorithm: server.checksumAlgorithm,
    is_default: server.isDefault,
    is_active: server.isActive,
    created_at: server.createdAt.toISOString(),
    updated_at: server.updatedAt.toISOString(),
  };
}

/** The secret of --secret or --secret-stdin (one final line break dropped), or '' (none given). */
async function secretOf(options: SettingOptions): Promise<string> {
  if (options.secret !== undefined && options.secretStdin) throw new Error('Give the secret with --secret or --secret-stdin, not both.');
  if (!options.secretStdin) return options.secret ?? '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function inputOf(options: SettingOptions, secret: string, before?: BbbServer): BbbServerInput {
  return {
    name: options.name ?? before?.name ?? '',
    apiUrl: options.url ?? before?.apiUrl ?? '',
    secret,
    checksumAlgorithm: options.algorithm ?? before?.checksumAlgorithm ?? '',
  };
}

function printServer(out: Output, server: BbbServer, json: boolean | undefined, text: string): void {
  if (json) out.json(serverJson(server));
  else out.line(text);
}

const describe = (server: BbbServer) => `${server.apiUrl}, ${server.checksumAlgorithm}${server.isDefault ? ', default' : ''}${server.isActive ? '' : ', inactive'}`;

function registerSettingCommands(program: Command, out: Output): void {
  withSettingOptions(program.command('bbb:server:add').description('add a BigBlueButton server (active; the default one if the site has none)').argument('<admin-username>'))
    .option('--default', 'make it the default server (the one new meetings use)')
    .addOption(siteOption())
    .action(async (username: string, options: SettingOptions) => {
      const secret = await secretOf(options);
      const server = await withCliUser(username, (admin, { services }) =>
        services.bbbServerService.add(admin, inputOf(options, secret), { isDefault: options.default === true, siteId: options.site }),
      );
      printServer(out, server, options.json, `Added server ${server.id} (${describe(server)}).`);
    });

  withSettingOptions(
    program
      .command('bbb:server:update')
      .description('change settings of a server (the options given; the others, and the secret unless given, stay)')
      .argument('<admin-username>')
      .addArgument(serverIdArgument()),
  ).action(async (username: string, id: number, options: SettingOptions) => {
    const secret = await secretOf(options);
    const server = await withCliUser(username, async (admin, { services }) => {
      const before = await services.bbbServerService.get(admin, id);
      return services.bbbServerService.update(admin, id, inputOf(options, secret, before));
    });
    printServer(out, server, options.json, `Updated server ${server.id} (${describe(server)}).`);
  });
}

function registerStateCommands(program: Command, out: Output): void {
  const changes = [
    ['default', 'setDefault', 'make a server the default one: new meetings use it', 'is now the default server'],
    ['activate', 'activate', 'reactivate a server', 'is active'],
    ['deactivate', 'deactivate', 'deactivate a server: meetings no longer start on it (its recordings stay listed)', 'is inactive'],
  ] as const;
  for (const [name, method, description, done] of changes) {
    program
      .command(`bbb:server:${name}`)
      .description(description)
      .argument('<admin-username>')
      .addArgument(serverIdArgument())
      .option('--json', 'print JSON')
      .action(async (username: string, id: number, options: { json?: boolean }) => {
        const server = await withCliUser(username, (admin, { services }) => services.bbbServerService[method](admin, id));
        printServer(out, server, options.json, `Server ${server.id} ${done}.`);
      });
  }

  program
    .command('bbb:server:remove')
    .description('remove a server (refused once recordings were imported from it: deactivate it instead); its meetings move to the default server')
    .argument('<admin-username>')
    .addArgument(serverIdArgument())
    .action(async (username: string, id: number) => {
      await withCliUser(username, (admin, { services }) => services.bbbServerService.remove(admin, id));
      out.line(`Server ${id} removed.`);
    });
}

/** Why a connection test failed, in the words of /admin/bbb. */
function checkReason(outcome: Extract<BbbConnectionCheck, { ok: false }>): string {
  const t = translator('en');
  const key = `bbbAdmin.check.reason.${outcome.code}`;
  return isMessageKey(key) ? t(key) : t('bbbAdmin.check.reason.other');
}

function registerCheckCommands(program: Command, out: Output): void {
  program
    .command('bbb:server:check')
    .description("test the connection to a server (its URL, secret and checksum algorithm); exit code 1 when it fails")
    .argument('<admin-username>')
    .addArgument(serverIdArgument())
    .option('--json', 'print JSON')
    .action(async (username: string, id: number, options: { json?: boolean }) => {
      const outcome = await withCliUser(username, (admin, { services }) => services.bbbServerService.checkConnection(admin, id));
      if (!outcome.ok) process.exitCode = 1;
      if (options.json) out.json(outcome);
      else if (outcome.ok) out.line(`Server ${id}: the connection works.`);
      else process.stderr.write(`lectern: server ${id}: the connection does not work (${outcome.code}).\n${checkReason(outcome)}\nDetails: ${outcome.message}\n`);
    });

  program
    .command('bbb:auto-import')
    .description('import recordings automatically when BigBlueButton says they are ready (on), or not (off); without on/off, print the setting. Meetings can override it.')
    .argument('<admin-username>')
    .addArgument(new Argument('[state]', 'on or off').choices(['on', 'off']))
    .addOption(siteOption())
    .option('--json', 'print JSON')
    .action(async (username: string, state: 'on' | 'off' | undefined, options: { site?: number; json?: boolean }) => {
      const choice = { siteId: options.site };
      const on = await withCliUser(username, async (admin, { services }) => {
        if (state !== undefined) await services.bbbServerService.setSiteAutoImport(admin, state === 'on', choice);
        return services.bbbServerService.siteAutoImport(admin, choice);
      });
      if (options.json) out.json({ auto_import: on });
      else out.line(`Automatic import of recordings: ${on ? 'on' : 'off'}.`);
    });
}

/** BigBlueButton servers of a site and its automatic-import choice, as on the /admin/bbb page. */
export function registerBbbServerCommands(program: Command, out: Output): void {
  program
    .command('bbb:server:list')
    .description("list the BigBlueButton servers of the administrator's site")
    .argument('<admin-username>')
    .addOption(siteOption())
    .option('--json', 'print JSON')
    .action(async (username: string, options: { site?: number; json?: boolean }) => {
      const servers = await withCliUser(username, (admin, { services }) => services.bbbServerService.list(admin, { siteId: options.site }));
      if (options.json) {
        out.json(servers.map(serverJson));
        return;
      }
      printTable(
        out,
        ['id', 'name', 'api url', 'checksum', 'default', 'active'],
        servers.map((s) => [String(s.id), s.name, s.apiUrl, s.checksumAlgorithm, s.isDefault ? 'yes' : 'no', s.isActive ? 'yes' : 'no']),
      );
    });

  registerSettingCommands(program, out);
  registerStateCommands(program, out);
  registerCheckCommands(program, out);
}
