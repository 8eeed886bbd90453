import { Option, type Command } from 'commander';
import { commandLineActor } from '../../domain/access/access-group-service.js';
import { IDENTITY_MAPPING_FIELDS, type IdentityMapping } from '../../domain/sso/identity-mapping.js';
import { identityMappingPatch, identityMappingText, isBooleanField } from '../../domain/sso/identity-mapping-text.js';
import type { SsoSettings } from '../../domain/sso/sso-settings-service.js';
import { SSO_PROVIDERS } from '../../domain/sso/sso.js';
import { withCliContext } from '../cli-context.js';
import { printTable, type Output } from '../output.js';

const ON_OFF = ['on', 'off'];

/** --saml-user-key for samlUserKey, and so on. */
const optionName = (field: keyof IdentityMapping) => field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

const MAPPING_HELP: Record<keyof IdentityMapping, string> = {
  samlUserKey: 'SAML: the attribute identifying users (default eduPersonPrincipalName)',
  samlKeyFallback: 'SAML: without it, use a persistent NameID, then eduPersonTargetedID (default on)',
  casUserKey: 'CAS: the attribute identifying users, or cas:user for the user the CAS server validated (default)',
  firstNameAttribute: 'first name attribute (default givenName)',
  lastNameAttribute: 'last name attribute (default sn)',
  displayNameAttribute: 'full name attribute, split when no first or last name comes (default displayName)',
  emailAttribute: 'e-mail attribute, never used to find accounts (default mail)',
  primaryAffiliationAttribute: 'primary affiliation attribute (default eduPersonPrimaryAffiliation)',
  affiliationsAttribute: 'affiliations attribute (default eduPersonAffiliation)',
  staffAffiliations: 'affiliations that make users staff, comma-separated (default faculty,employee,staff)',
  groupsFromAffiliations: 'an auto-synchronised access group per affiliation (default off)',
  groupsAttribute: 'attribute listing access group code names, e.g. memberOf, or none (default)',
  createGroups: 'create the groups that attribute names when missing (default off)',
};

const BREAK_GLASS = `
Turning local login off hides the password form and refuses passwords, administrators' too.
If no institution sign-in works any more, this command is the way back in:
  lectern sso:settings --local-login on`;

function printSettings(out: Output, settings: SsoSettings, json: boolean | undefined): void {
  if (json) {
    out.json({ site_id: settings.siteId, local_login_enabled: settings.localLoginEnabled, mapping: settings.mapping });
    return;
  }
  const text = identityMappingText(settings.mapping);
  const shown = (field: keyof IdentityMapping) => (isBooleanField(field) ? (settings.mapping[field] ? 'on' : 'off') : text[field] || (field === 'casUserKey' ? 'cas:user' : 'none'));
  printTable(out, ['setting', 'value'], [['local-login', settings.localLoginEnabled ? 'on' : 'off'], ...IDENTITY_MAPPING_FIELDS.map((field) => [optionName(field), shown(field)])]);
}

interface IdentityOptions {
  provider: string;
  issuer: string;
  subject: string;
}

function withIdentityOptions(command: Command): Command {
  return command
    .argument('<username>', 'the Lectern account')
    .addOption(new Option('--provider <provider>', 'saml or cas').choices(SSO_PROVIDERS).makeOptionMandatory())
    .requiredOption('--issuer <issuer>', "the IdP's entity ID, or the CAS server's URL")
    .requiredOption('--subject <key>', 'the user key (e.g. the eduPersonPrincipalName)');
}

/** Sign-in settings and identity links: sso:settings, sso:identities, sso:link, sso:unlink. */
export function registerSsoCommands(program: Command, out: Output): void {
  const actor = commandLineActor();
  const settings = program
    .command('sso:settings')
    .description('show or change the sign-in settings: local login and the identity mapping of SSO attributes')
    .addOption(new Option('--local-login <state>', 'allow logging in with a Lectern password').choices(ON_OFF))
    .option('--json', 'print JSON')
    .addHelpText('after', BREAK_GLASS);
  for (const field of IDENTITY_MAPPING_FIELDS) {
    const option = new Option(`--${optionName(field)} <value>`, MAPPING_HELP[field]);
    settings.addOption(isBooleanField(field) ? option.choices(ON_OFF) : option);
  }
  settings.action(async (options: Record<string, string | boolean | undefined>) => {
    const text = Object.fromEntries(IDENTITY_MAPPING_FIELDS.filter((field) => typeof options[field] === 'string').map((field) => [field, options[field] as string]));
    const change = {
      ...(options.localLogin === undefined ? {} : { localLoginEnabled: options.localLogin === 'on' }),
      ...(Object.keys(text).length ? { mapping: identityMappingPatch(text) } : {}),
    };
    const result = await withCliContext(({ services }) => (Object.keys(change).length ? services.ssoSettings.update(actor, change) : services.ssoSettings.read(actor)));
    printSettings(out, result, options.json === true);
  });

  program
    .command('sso:identities')
    .description("list a user's identities (SAML IdPs, CAS servers, LTI platforms)")
    .argument('<username>')
    .option('--json', 'print JSON')
    .action(async (username: string, options: { json?: boolean }) => {
      const found = await withCliContext(({ services }) => services.ssoIdentityAdmin.identities(actor, username));
      const identities = found?.identities ?? [];
      if (options.json) {
        out.json(identities.map((identity) => ({ provider: identity.provider, issuer: identity.issuer, subject: identity.subject })));
        return;
      }
      printTable(out, ['provider', 'issuer', 'subject'], identities.map((identity) => [identity.provider, identity.issuer, identity.subject]));
    });

  withIdentityOptions(program.command('sso:link').description('link an SSO identity to an account (its owner then signs in to it with their institution account)')).action(
    async (username: string, options: IdentityOptions) => {
      const user = await withCliContext(({ services }) => services.ssoIdentityAdmin.link(actor, { username, ...options }));
      out.line(`Linked ${options.provider} identity "${options.subject}" of ${options.issuer.trim()} to "${user.username}".`);
    },
  );

  withIdentityOptions(program.command('sso:unlink').description('unlink an SSO identity from an account')).action(async (username: string, options: IdentityOptions) => {
    const user = await withCliContext(({ services }) => services.ssoIdentityAdmin.unlink(actor, { username, ...options }));
    out.line(`Unlinked ${options.provider} identity "${options.subject}" of ${options.issuer.trim()} from "${user.username}".`);
  });
}
