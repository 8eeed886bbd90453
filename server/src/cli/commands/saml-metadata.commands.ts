import { readFile, stat } from 'node:fs/promises';
import { Argument, Option, type Command } from 'commander';
import type { SamlIdp, SamlMetadataSource } from '../../domain/sso/saml-idp.js';
import { SamlMetadataError } from '../../domain/sso/saml-metadata.js';
import { skippedSummary, type SamlRefreshOutcome, type SamlSourceChange } from '../../domain/sso/saml-metadata-service.js';
import type { User } from '../../domain/users/user.js';
import { translator } from '../../http/i18n/i18n.js';
import { wholeNumber } from '../arguments.js';
import { withCliUser, type CliContext } from '../cli-context.js';
import { printTable, type Output } from '../output.js';

interface AddOptions {
  name?: string;
  url?: string;
  file?: string;
  certFile?: string;
  refreshHours?: string;
  json?: boolean;
}

const sourceIdArgument = () => new Argument('<id>', 'the metadata source id (see saml:source:list)').argParser(wholeNumber('a metadata source id (see saml:source:list)'));

function sourceJson(source: SamlMetadataSource & { idpCount?: number; enabledCount?: number }) {
  return {
    id: source.id,
    site_id: source.siteId,
    name: source.name,
    url: source.url,
    signature_checked: source.signingCert !== null,
    refresh_hours: source.refreshHours,
    last_refreshed_at: source.lastRefreshedAt?.toISOString() ?? null,
    valid_until: source.validUntil?.toISOString() ?? null,
    last_error_code: source.lastErrorCode,
    last_error: source.lastError,
    ...(source.idpCount === undefined ? {} : { idps: source.idpCount, enabled_idps: source.enabledCount }),
  };
}

const idpJson = (idp: SamlIdp) => ({ id: idp.id, source_id: idp.sourceId, entity_id: idp.entityId, display_names: idp.displayNames, sso_url: idp.ssoUrl, sso_binding: idp.ssoBinding, enabled: idp.enabled });

function outcomeJson(outcome: SamlRefreshOutcome) {
  if (!outcome.ok) return outcome;
  const { added, updated, removed, conflicts } = outcome;
  return { ok: true, added, updated, removed, conflicts, skipped: skippedSummary(outcome.skipped), signature_checked: outcome.signatureChecked, valid_until: outcome.validUntil?.toISOString() ?? null };
}

/** A refresh's outcome in words; a failure goes to stderr and sets exit code 1. */
function printOutcome(out: Output, sourceId: number, outcome: SamlRefreshOutcome): void {
  if (!outcome.ok) {
    process.exitCode = 1;
    const reason = translator('en')(`error.${outcome.code}`);
    process.stderr.write(`lectern: the metadata of source ${sourceId} could not be read (${outcome.code}); its identity providers stay as they were.\n${reason}\nDetails: ${outcome.message}\n`);
    return;
  }
  const skipped = Object.entries(skippedSummary(outcome.skipped)).map(([reason, count]) => `${count} ${reason}`);
  out.line(`Source ${sourceId}: ${outcome.added} identity providers added, ${outcome.updated} kept, ${outcome.removed} removed${outcome.signatureChecked ? '' : ' (signature not checked: no certificate pinned)'}.`);
  if (skipped.length) out.line(`Skipped: ${skipped.join(', ')}.`);
  if (outcome.conflicts.length) out.line(`Left to another source of the site: ${outcome.conflicts.join(', ')}.`);
}

/** A file's text, refused beyond the metadata size limit before it is read. */
async function fileText(path: string, maxBytes: number): Promise<string> {
  if ((await stat(path)).size > maxBytes) throw new SamlMetadataError('saml_metadata_too_large', `${path} is larger than ${maxBytes} bytes (SAML_METADATA_MAX_BYTES).`);
  return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
}

async function addSource(options: AddOptions, admin: User, { services }: CliContext): Promise<SamlSourceChange> {
  const metadata = services.samlMetadata;
  const signingCert = options.certFile ? await fileText(options.certFile, 20_000) : '';
  const name = options.name ?? '';
  // Neither --url nor --file: the URL's rules say what is missing.
  if (options.file === undefined) return metadata.addUrlSource(admin, { name, url: options.url ?? '', signingCert, refreshHours: options.refreshHours ?? '' });
  return metadata.addFileSource(admin, { name, xml: await fileText(options.file, metadata.maxDocumentBytes), signingCert });
}

function registerSourceCommands(program: Command, out: Output): void {
  program
    .command('saml:source:add')
    .description("add a SAML metadata source (a URL read again every few hours, or a file) to the administrator's site, and read it; its IdPs are enabled")
    .argument('<admin-username>')
    .option('--name <name>', 'what administrators call it (1-200 characters)')
    .addOption(new Option('--url <url>', 'the metadata URL (https; e.g. https://metadata.federation.renater.fr/renater/main/main-idps-renater-metadata.xml)').conflicts('file'))
    .option('--file <path>', 'a metadata file (XML) instead of a URL')
    .option('--cert-file <path>', 'the certificate (PEM) the metadata must be signed with: without it the signature is not checked')
    .option('--refresh-hours <hours>', 'read a URL again every this many hours (1-720, default 24)')
    .option('--json', 'print JSON')
    .action(async (username: string, options: AddOptions) => {
      const change = await withCliUser(username, (admin, context) => addSource(options, admin, context));
      if (options.json) {
        out.json({ source: sourceJson(change.source), outcome: change.outcome && outcomeJson(change.outcome) });
        if (change.outcome && !change.outcome.ok) process.exitCode = 1;
        return;
      }
      out.line(`Added metadata source ${change.source.id} (${change.source.url ?? 'uploaded file'}).`);
      if (change.outcome) printOutcome(out, change.source.id, change.outcome);
    });

  program
    .command('saml:source:list')
    .description("list the SAML metadata sources of the administrator's site")
    .argument('<admin-username>')
    .option('--json', 'print JSON')
    .action(async (username: string, options: { json?: boolean }) => {
      const sources = await withCliUser(username, (admin, { services }) => services.samlMetadata.list(admin));
      if (options.json) return out.json(sources.map(sourceJson));
      printTable(
        out,
        ['id', 'name', 'metadata', 'idps', 'enabled', 'signature', 'last read', 'error'],
        sources.map((s) => [String(s.id), s.name, s.url ?? '(file)', String(s.idpCount), String(s.enabledCount), s.signingCert ? 'checked' : 'not checked', s.lastRefreshedAt?.toISOString() ?? 'never', s.lastErrorCode ?? '']),
      );
    });

  program
    .command('saml:source:refresh')
    .description('read a source again now (exit code 1 when it fails: its IdPs then stay as they were)')
    .argument('<admin-username>')
    .addArgument(sourceIdArgument())
    .option('--json', 'print JSON')
    .action(async (username: string, id: number, options: { json?: boolean }) => {
      const outcome = await withCliUser(username, (admin, { services }) => services.samlMetadata.refresh(admin, id));
      if (!options.json) return printOutcome(out, id, outcome);
      out.json(outcomeJson(outcome));
      if (!outcome.ok) process.exitCode = 1;
    });

  program
    .command('saml:source:remove')
    .description('remove a metadata source and its identity providers')
    .argument('<admin-username>')
    .addArgument(sourceIdArgument())
    .action(async (username: string, id: number) => {
      await withCliUser(username, (admin, { services }) => services.samlMetadata.remove(admin, id));
      out.line(`Metadata source ${id} removed, with its identity providers.`);
    });
}

function registerIdpCommands(program: Command, out: Output): void {
  program
    .command('saml:idp:list')
    .description("list the SAML identity providers of the administrator's site (at most 1,000: filter with --search)")
    .argument('<admin-username>')
    .addOption(new Option('--source <id>', 'only those of this source').argParser(wholeNumber('a metadata source id')))
    .option('--search <text>', 'only those whose entity id or name contains this')
    .option('--json', 'print JSON')
    .action(async (username: string, options: { source?: number; search?: string; json?: boolean }) => {
      const { idps, total } = await withCliUser(username, (admin, { services }) => services.samlMetadata.listIdps(admin, { sourceId: options.source, search: options.search, limit: 1000 }));
      if (options.json) return out.json(idps.map(idpJson));
      printTable(
        out,
        ['id', 'source', 'entity id', 'name', 'enabled'],
        idps.map((idp) => [String(idp.id), String(idp.sourceId), idp.entityId, idp.displayNames.en ?? idp.displayNames.fr ?? '', idp.enabled ? 'yes' : 'no']),
      );
      if (total > idps.length) out.line(`(${idps.length} of ${total}: narrow with --search or --source)`);
    });

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    program
      .command(`saml:idp:${name}`)
      .description(enabled ? 'offer an identity provider on the login page again' : 'stop offering an identity provider on the login page (a refresh keeps it disabled)')
      .argument('<admin-username>')
      .argument('<entity-id>', 'its entity id (see saml:idp:list)')
      .action(async (username: string, entityId: string) => {
        const idp = await withCliUser(username, (admin, { services }) => services.samlMetadata.setIdpEnabledByEntityId(admin, entityId, enabled));
        out.line(`Identity provider ${idp.entityId} ${enabled ? 'enabled' : 'disabled'}.`);
      });
  }
}

/** SAML metadata sources and their identity providers, as on the /admin/sso/saml page. */
export function registerSamlMetadataCommands(program: Command, out: Output): void {
  registerSourceCommands(program, out);
  registerIdpCommands(program, out);
}
