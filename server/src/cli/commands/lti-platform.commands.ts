import type { Command } from 'commander';
import { loadConfigFromProcess } from '../../config/config.js';
import type { LtiPlatform, LtiPlatformSettings } from '../../domain/lms/lti-platform.js';
import type { User } from '../../domain/users/user.js';
import { lmsFields, LMS_NAMES } from '../../http/views/lti-values.view.js';
import { withCliContext, type CliContext } from '../cli-context.js';
import { printTable, type Output } from '../output.js';

interface SettingOptions {
  name?: string;
  issuer?: string;
  clientId?: string;
  authUrl?: string;
  tokenUrl?: string;
  jwksUrl?: string;
  deployment?: string[];
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The settings options of lti:platform:add and lti:platform:update. */
function withSettingOptions(command: Command): Command {
  return command
    .option('--name <name>', 'what the platform is called at Lectern')
    .option('--issuer <url>', "the platform's issuer (Moodle: Platform ID)")
    .option('--client-id <id>', 'the client id the platform gave the tool')
    .option('--auth-url <url>', "the platform's OIDC authentication request URL")
    .option('--token-url <url>', "the platform's access token URL")
    .option('--jwks-url <url>', "the platform's public keyset URL")
    .option('--deployment <id>', 'an accepted deployment id (repeat for several; none: any)', collect)
    .option('--json', 'print JSON');
}

function platformJson(platform: LtiPlatform) {
  return {
    id: platform.id,
    name: platform.name,
    issuer: platform.issuer,
    client_id: platform.clientId,
    authentication_endpoint: platform.authenticationEndpoint,
    access_token_endpoint: platform.accessTokenEndpoint,
    jwks_url: platform.jwksUrl,
    deployment_ids: platform.deploymentIds,
    status: platform.status,
    origin: platform.origin,
    product: platform.product,
    tool_kid: platform.toolKid,
    created_at: platform.createdAt.toISOString(),
    updated_at: platform.updatedAt.toISOString(),
  };
}

function platformId(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new Error(`"${value}" is not a platform id (see lti:platform:list).`);
  return Number(value);
}

/** Runs `work` as the named administrator; the domain refuses anyone else. */
function asAdmin<T>(username: string, work: (admin: User, context: CliContext) => Promise<T>): Promise<T> {
  return withCliContext(async (context) => work(await context.services.userService.getByUsername(username), context));
}

function settingsOf(options: SettingOptions, before?: LtiPlatform): LtiPlatformSettings {
  return {
    name: options.name ?? before?.name ?? '',
    issuer: options.issuer ?? before?.issuer ?? '',
    clientId: options.clientId ?? before?.clientId ?? '',
    authenticationEndpoint: options.authUrl ?? before?.authenticationEndpoint ?? '',
    accessTokenEndpoint: options.tokenUrl ?? before?.accessTokenEndpoint ?? '',
    jwksUrl: options.jwksUrl ?? before?.jwksUrl ?? '',
    deploymentIds: options.deployment ?? before?.deploymentIds ?? [],
  };
}

function printPlatform(out: Output, platform: LtiPlatform, json: boolean | undefined, text: string): void {
  if (json) out.json(platformJson(platform));
  else out.line(text);
}

function registerStatusCommands(program: Command, out: Output): void {
  const changes = [
    ['approve', 'active', 'approve a pending platform (dynamic registration): its launches are accepted'],
    ['activate', 'active', 'reactivate a platform'],
    ['deactivate', 'inactive', 'deactivate a platform: its launches are refused'],
  ] as const;
  for (const [name, status, description] of changes) {
    program
      .command(`lti:platform:${name}`)
      .description(description)
      .argument('<admin-username>')
      .argument('<id>', 'the platform id (see lti:platform:list)')
      .option('--json', 'print JSON')
      .action(async (username: string, id: string, options: { json?: boolean }) => {
        const platformNumber = platformId(id);
        const platform = await asAdmin(username, (admin, { services }) => services.ltiPlatformService.setStatus(admin, platformNumber, status));
        printPlatform(out, platform, options.json, `Platform ${platform.id} is ${platform.status}.`);
      });
  }
}

function registerKeyAndRemoveCommands(program: Command, out: Output): void {
  program
    .command('lti:platform:rotate-key')
    .description("make a new tool key pair for a platform at its next launch (it reads the new key from <lectern>/lti/keys)")
    .argument('<admin-username>')
    .argument('<id>', 'the platform id (see lti:platform:list)')
    .action(async (username: string, id: string) => {
      const platformNumber = platformId(id);
      await asAdmin(username, (admin, { services }) => services.ltiPlatformService.rotateKey(admin, platformNumber));
      out.line(`Platform ${platformNumber}: a new tool key will be made at its next launch.`);
    });

  program
    .command('lti:platform:remove')
    .description('remove a platform (its launches are refused; its activities and their progress are forgotten)')
    .argument('<admin-username>')
    .argument('<id>', 'the platform id (see lti:platform:list)')
    .action(async (username: string, id: string) => {
      const platformNumber = platformId(id);
      await asAdmin(username, (admin, { services }) => services.ltiPlatformService.remove(admin, platformNumber));
      out.line(`Platform ${platformNumber} removed.`);
    });
}

function registerValuesCommand(program: Command, out: Output): void {
  program
    .command('lti:values')
    .description('print what to enter in Moodle, Chamilo, Sakai and Canvas (as /admin/lti/values shows it)')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const fields = lmsFields(loadConfigFromProcess().publicUrl);
      if (options.json) {
        out.json(Object.fromEntries(LMS_NAMES.map((lms) => [lms, Object.fromEntries(fields[lms].map((field) => [field.label, field.value]))])));
        return;
      }
      for (const lms of LMS_NAMES) {
        out.line(`[${lms}]`);
        for (const field of fields[lms]) out.line(`${field.label}: ${field.value.replace(/\n/g, field.label === 'Paste JSON' ? '\n' : ' | ')}`);
        out.line('');
      }
    });
}

/** LTI 1.3 platforms (LMSs), as on the /admin/lti page. */
export function registerLtiPlatformCommands(program: Command, out: Output): void {
  program
    .command('lti:platform:list')
    .description("list the LTI platforms of the administrator's site")
    .argument('<admin-username>')
    .option('--json', 'print JSON')
    .action(async (username: string, options: { json?: boolean }) => {
      const platforms = await asAdmin(username, (admin, { services }) => services.ltiPlatformService.list(admin));
      if (options.json) {
        out.json(platforms.map(platformJson));
        return;
      }
      printTable(
        out,
        ['id', 'name', 'issuer', 'client id', 'deployments', 'status', 'origin', 'product', 'tool kid'],
        platforms.map((p) => [String(p.id), p.name, p.issuer, p.clientId, p.deploymentIds.join(',') || '*', p.status, p.origin, p.product ?? '-', p.toolKid ?? '-']),
      );
    });

  withSettingOptions(program.command('lti:platform:add').description('add a platform (active at once)').argument('<admin-username>')).action(
    async (username: string, options: SettingOptions) => {
      const platform = await asAdmin(username, (admin, { services }) => services.ltiPlatformService.add(admin, settingsOf(options)));
      printPlatform(out, platform, options.json, `Added platform ${platform.id} (${platform.issuer}, client id ${platform.clientId}).`);
    },
  );

  withSettingOptions(
    program
      .command('lti:platform:update')
      .description('change settings of a platform (the options given; the others stay)')
      .argument('<admin-username>')
      .argument('<id>', 'the platform id (see lti:platform:list)'),
  ).action(async (username: string, id: string, options: SettingOptions) => {
    const platformNumber = platformId(id);
    const platform = await asAdmin(username, async (admin, { services }) => {
      const before = await services.ltiPlatformService.get(admin, platformNumber);
      return services.ltiPlatformService.update(admin, platformNumber, settingsOf(options, before));
    });
    printPlatform(out, platform, options.json, `Updated platform ${platform.id} (${platform.issuer}, client id ${platform.clientId}).`);
  });

  registerStatusCommands(program, out);
  registerKeyAndRemoveCommands(program, out);
  registerValuesCommand(program, out);
}
