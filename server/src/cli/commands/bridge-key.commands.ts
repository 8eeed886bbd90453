import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_POD_PAGE_SIZE, USERNAME_MAPPINGS, type ApiToken, type UsernameMapping } from '../../domain/tokens/api-token.js';
import type { BridgeKeyInput } from '../../domain/tokens/bridge-key-service.js';
import type { User } from '../../domain/users/user.js';
import { withCliContext, type CliContext } from '../cli-context.js';
import { printTable, type Output } from '../output.js';

interface SettingOptions {
  name?: string;
  site?: number;
  mapping?: UsernameMapping;
  issuer?: string;
  pageSize?: number;
  json?: boolean;
}

const wholeNumber =
  (what: string) =>
  (value: string): number => {
    if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not ${what}.`);
    return Number(value);
  };

/** The settings options of bridge-key:create and bridge-key:update. */
function withSettingOptions(command: Command): Command {
  return command
    .option('--name <name>', 'which Moodle site or script the key is for')
    .option('--site <id>', "the site whose videos the key lists (default: the administrator's own; others only from site 1)", wholeNumber('a site id'))
    .addOption(new Option('--mapping <mapping>', 'how the username Moodle sends is matched to a Lectern user').choices(USERNAME_MAPPINGS))
    .option('--issuer <issuer>', 'LTI platform issuer, SAML IdP entity id or CAS server URL of the lti/saml/cas mappings ("" for any)')
    .option('--page-size <n>', "items per page: the Moodle plugin's page_size", wholeNumber('a page size'))
    .option('--json', 'print JSON');
}

function keyJson(key: ApiToken) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    site_id: key.siteId,
    username_mapping: key.usernameMapping,
    identity_issuer: key.identityIssuer,
    page_size: key.pageSize,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}

function keyId(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new Error(`"${value}" is not a key id (see bridge-key:list).`);
  return Number(value);
}

/** Runs `work` as the named administrator (of the main site); the domain refuses anyone else. */
function asAdmin<T>(username: string, work: (admin: User, context: CliContext) => Promise<T>): Promise<T> {
  return withCliContext(async (context) => work(await context.services.userService.getByUsername(username), context));
}

/** Keys of Moodle sites and Esup-Pod scripts (bridge keys), as on the /admin/moodle page. */
export function registerBridgeKeyCommands(program: Command, out: Output): void {
  withSettingOptions(
    program
      .command('bridge-key:create')
      .description('create a key for a Moodle site or an Esup-Pod script and print it (shown once)')
      .argument('<admin-username>', 'the administrator the key acts as'),
  ).action(async (username: string, options: SettingOptions) => {
    const { created, publicUrl } = await asAdmin(username, async (admin, { services, config }) => {
      const input: BridgeKeyInput = {
        name: options.name ?? '',
        siteId: options.site ?? null,
        usernameMapping: options.mapping ?? 'username',
        identityIssuer: options.issuer ?? null,
        pageSize: options.pageSize ?? DEFAULT_POD_PAGE_SIZE,
      };
      return { created: await services.bridgeKeyService.create(admin, input), publicUrl: config.publicUrl };
    });
    if (options.json) out.json({ ...keyJson(created.token), key: created.key, pod_url: publicUrl });
    else out.line(created.key);
  });

  program
    .command('bridge-key:list')
    .description("list the Moodle/Pod keys of the administrator's site (never the keys themselves)")
    .argument('<admin-username>')
    .option('--json', 'print JSON')
    .action(async (username: string, options: { json?: boolean }) => {
      const keys = await asAdmin(username, (admin, { services }) => services.bridgeKeyService.list(admin));
      if (options.json) {
        out.json(keys.map(keyJson));
        return;
      }
      const date = (value: Date | null) => value?.toISOString() ?? '-';
      printTable(
        out,
        ['id', 'name', 'prefix', 'site', 'mapping', 'issuer', 'page size', 'created', 'last used', 'revoked'],
        keys.map((k) => [String(k.id), k.name, `${k.prefix}…`, String(k.siteId ?? '-'), k.usernameMapping, k.identityIssuer ?? '-', String(k.pageSize), date(k.createdAt), date(k.lastUsedAt), date(k.revokedAt)]),
      );
    });

  withSettingOptions(
    program
      .command('bridge-key:update')
      .description('change settings of a Moodle/Pod key (the options given; the others stay)')
      .argument('<admin-username>')
      .argument('<id>', 'the key id (see bridge-key:list)'),
  ).action(async (username: string, id: string, options: SettingOptions) => {
    const tokenId = keyId(id);
    const updated = await asAdmin(username, async (admin, { services }) => {
      const key = await services.bridgeKeyService.get(admin, tokenId);
      return services.bridgeKeyService.update(admin, tokenId, {
        name: options.name ?? key.name,
        siteId: options.site ?? key.siteId,
        usernameMapping: options.mapping ?? key.usernameMapping,
        identityIssuer: options.issuer ?? key.identityIssuer,
        pageSize: options.pageSize ?? key.pageSize,
      });
    });
    if (options.json) out.json(keyJson(updated));
    else out.line(`Updated key ${updated.id} (site ${updated.siteId ?? '-'}, mapping ${updated.usernameMapping}, page size ${updated.pageSize}).`);
  });

  program
    .command('bridge-key:revoke')
    .description('revoke a Moodle/Pod key: Lectern no longer accepts it')
    .argument('<admin-username>')
    .argument('<id>', 'the key id (see bridge-key:list)')
    .action(async (username: string, id: string) => {
      const tokenId = keyId(id);
      await asAdmin(username, (admin, { services }) => services.bridgeKeyService.revoke(admin, tokenId));
      out.line(`Key ${tokenId} revoked.`);
    });
}
