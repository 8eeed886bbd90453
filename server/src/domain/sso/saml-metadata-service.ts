import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { DomainLogger } from '../logger.js';
import { requireAdminRole, type User } from '../users/user.js';
import type { SamlIdp, SamlMetadataSource } from './saml-idp.js';
import {
  SamlMetadataError,
  type SamlIdpFilter,
  type SamlMetadataDocument,
  type SamlMetadataErrorCode,
  type SamlMetadataReader,
  type SamlMetadataRepository,
  type SamlMetadataSourceSummary,
  type SkippedEntity,
} from './saml-metadata.js';
import { checkSamlSourceSettings, type SamlSourceInput } from './saml-metadata-rules.js';

/** What a refresh did, or why it failed (then the source's IdPs stayed as they were). */
export type SamlRefreshOutcome =
  | {
      readonly ok: true;
      readonly added: number;
      readonly updated: number;
      readonly removed: number;
      readonly skipped: readonly SkippedEntity[];
      /** Entity ids another source of the site already provides (left to it). */
      readonly conflicts: readonly string[];
      readonly signatureChecked: boolean;
      readonly validUntil: Date | null;
    }
  | { readonly ok: false; readonly code: SamlMetadataErrorCode; readonly message: string };

export interface SamlSourceChange {
  readonly source: SamlMetadataSource;
  /** Null when nothing had to be read again (a new name, a new interval). */
  readonly outcome: SamlRefreshOutcome | null;
}

/** A source whose last attempt failed is tried again after this long, not at every run of the job. */
export const FAILED_REFRESH_RETRY_MS = 60 * 60_000;
const MAX_ERROR_LENGTH = 2000;

/** "2 not_saml2_idp, 1 no_signing_certificate": what the skipped entities were, for messages and logs. */
export function skippedSummary(skipped: readonly SkippedEntity[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entity of skipped) counts[entity.reason] = (counts[entity.reason] ?? 0) + 1;
  return counts;
}

/** A document the service accepts: not expired, at least one IdP. */
function requireUsable(document: SamlMetadataDocument, now: Date): void {
  if (document.validUntil && document.validUntil <= now) {
    throw new SamlMetadataError('saml_metadata_expired', `The metadata was valid until ${document.validUntil.toISOString()}.`);
  }
  if (!document.idps.length) {
    const reasons = Object.entries(skippedSummary(document.skipped)).map(([reason, count]) => `${count} ${reason}`);
    throw new SamlMetadataError('saml_metadata_empty', `The metadata holds no usable SAML 2.0 identity provider${reasons.length ? ` (skipped: ${reasons.join(', ')})` : ''}.`);
  }
}

/** Administrators only (pages check it before receiving an upload). */
export function assertSamlAdmin(actor: User): void {
  requireAdminRole(actor, 'Only administrators manage SAML identity providers.');
}

/**
 * Administrators' SAML metadata sources (/admin/sso/saml, `lectern saml:*`) and the refresh job:
 * a source is a URL (read again every refresh_hours) or an uploaded document, with an optional
 * pinned signing certificate. A refresh downloads, verifies, parses and replaces the source's
 * IdPs in one transaction; a failure is recorded on the source and its IdPs stay.
 */
export function createSamlMetadataService(deps: {
  repo: SamlMetadataRepository;
  reader: SamlMetadataReader;
  /** The largest document read (SAML_METADATA_MAX_BYTES): downloads and uploads alike. */
  maxDocumentBytes: number;
  clock?: () => Date;
  logger: DomainLogger;
}) {
  const { repo, reader, maxDocumentBytes, logger } = deps;
  const clock = deps.clock ?? (() => new Date());

  const sourceNotFound = (id: number) => new NotFoundError('saml_source_not_found', `No SAML metadata source ${id} on this site.`);
  const taken = (name: string) =>
    new ConflictError('saml_source_exists', `This site already has a metadata source named ${name}.`, { fields: [{ path: 'name', message: 'already the name of another source of this site' }] });

  async function get(actor: User, id: number): Promise<SamlMetadataSource> {
    assertSamlAdmin(actor);
    const source = await repo.findSource(id);
    if (!source || source.siteId !== actor.siteId) throw sourceNotFound(id);
    return source;
  }

  function validated(input: SamlSourceInput) {
    const { settings, problems } = checkSamlSourceSettings(input);
    if (problems.length) throw new ValidationError('invalid_saml_source', 'Some settings of this metadata source are not valid.', { fields: problems });
    return settings;
  }

  /** Replaces the source's IdPs with those of a usable document. */
  async function applyDocument(source: SamlMetadataSource, document: SamlMetadataDocument, now: Date): Promise<SamlRefreshOutcome> {
    const applied = await repo.applyRefresh(source.id, document.idps, { refreshedAt: now, validUntil: document.validUntil });
    if (!applied) throw sourceNotFound(source.id);
    logger.info(
      {
        samlSourceId: source.id,
        siteId: source.siteId,
        added: applied.added,
        updated: applied.updated,
        removed: applied.removed,
        skipped: skippedSummary(document.skipped),
        conflicts: applied.conflicts.slice(0, 20),
        signatureChecked: document.signatureChecked,
      },
      'SAML metadata refreshed',
    );
    return { ok: true, ...applied, skipped: document.skipped, signatureChecked: document.signatureChecked, validUntil: document.validUntil };
  }

  /**
   * Reads the document (downloaded for a URL source) and replaces the IdPs; a failure is
   * recorded and the IdPs stay. A failure nobody watches (the job's) is a warning; an
   * administrator who asked sees the outcome, and the log only notes it.
   */
  async function refreshSource(source: SamlMetadataSource, unattended = false): Promise<SamlRefreshOutcome> {
    const now = clock();
    let document: SamlMetadataDocument;
    try {
      const xml = source.url ? await reader.download(source.url) : (source.xml ?? '');
      document = await reader.read(xml, source.signingCert, now);
      requireUsable(document, now);
    } catch (error) {
      if (!(error instanceof SamlMetadataError)) throw error;
      const message = error.message.slice(0, MAX_ERROR_LENGTH);
      await repo.recordFailure(source.id, error.code, message, now);
      const log = unattended ? logger.warn.bind(logger) : logger.info.bind(logger);
      log({ samlSourceId: source.id, siteId: source.siteId, code: error.code, reason: message }, 'SAML metadata refresh failed; the previous identity providers stay');
      return { ok: false, code: error.code, message };
    }
    return applyDocument(source, document, now);
  }

  async function changedIdp(actor: User, idp: SamlIdp | null, enabled: boolean, missing: string): Promise<SamlIdp> {
    const changed = idp && idp.siteId === actor.siteId ? await repo.setIdpEnabled(idp.id, enabled) : null;
    if (!changed) throw new NotFoundError('saml_idp_not_found', `No identity provider ${missing} on this site.`);
    logger.info({ samlIdpId: changed.id, entityId: changed.entityId, siteId: changed.siteId, userId: actor.id, enabled }, enabled ? 'SAML identity provider enabled' : 'SAML identity provider disabled');
    return changed;
  }

  return {
    get,
    maxDocumentBytes,

    async list(actor: User): Promise<SamlMetadataSourceSummary[]> {
      assertSamlAdmin(actor);
      return repo.listSources(actor.siteId);
    },

    async listIdps(actor: User, filter: SamlIdpFilter): Promise<{ idps: SamlIdp[]; total: number }> {
      assertSamlAdmin(actor);
      return repo.listIdps(actor.siteId, filter);
    },

    /** Adds a URL source and reads it at once; a failed first read is recorded on the (kept) source. */
    async addUrlSource(actor: User, input: Omit<SamlSourceInput, 'xml'> & { readonly url: string }): Promise<SamlSourceChange> {
      assertSamlAdmin(actor);
      const settings = validated(input);
      const source = await repo.insertSource(actor.siteId, settings);
      if (!source) throw taken(settings.name);
      logger.info({ samlSourceId: source.id, siteId: source.siteId, userId: actor.id, url: settings.url, pinned: settings.signingCert !== null }, 'SAML metadata source added');
      const outcome = await refreshSource(source);
      return { source: (await repo.findSource(source.id)) ?? source, outcome };
    },

    /** Adds an uploaded document; refused (SamlMetadataError) when it does not yield an IdP. */
    async addFileSource(actor: User, input: Omit<SamlSourceInput, 'url' | 'refreshHours'> & { readonly xml: string }): Promise<SamlSourceChange> {
      assertSamlAdmin(actor);
      const settings = validated({ ...input, refreshHours: '' });
      if (Buffer.byteLength(settings.xml ?? '') > maxDocumentBytes) {
        throw new SamlMetadataError('saml_metadata_too_large', `The file is larger than ${maxDocumentBytes} bytes (SAML_METADATA_MAX_BYTES).`);
      }
      const now = clock();
      const document = await reader.read(settings.xml ?? '', settings.signingCert, now);
      requireUsable(document, now);
      const source = await repo.insertSource(actor.siteId, settings);
      if (!source) throw taken(settings.name);
      logger.info({ samlSourceId: source.id, siteId: source.siteId, userId: actor.id, pinned: settings.signingCert !== null }, 'SAML metadata file added');
      const outcome = await applyDocument(source, document, now);
      return { source: (await repo.findSource(source.id)) ?? source, outcome };
    },

    /** Renames, changes the interval or the pinned certificate (blank: none); a new certificate reads the metadata again. */
    async update(actor: User, id: number, input: { readonly name: string; readonly refreshHours: string; readonly signingCert: string }): Promise<SamlSourceChange> {
      const before = await get(actor, id);
      const settings = before.url ? validated({ ...input, url: before.url }) : validated({ ...input, xml: before.xml ?? '', refreshHours: String(before.refreshHours) });
      const outcome = await repo.updateSource(id, { name: settings.name, refreshHours: settings.refreshHours, signingCert: settings.signingCert });
      if (outcome === 'conflict') throw taken(settings.name);
      if (!outcome) throw sourceNotFound(id);
      logger.info({ samlSourceId: id, siteId: outcome.siteId, userId: actor.id, pinned: outcome.signingCert !== null }, 'SAML metadata source updated');
      if (outcome.signingCert === before.signingCert) return { source: outcome, outcome: null };
      const refreshed = await refreshSource(outcome);
      return { source: (await repo.findSource(id)) ?? outcome, outcome: refreshed };
    },

    async refresh(actor: User, id: number): Promise<SamlRefreshOutcome> {
      const source = await get(actor, id);
      logger.info({ samlSourceId: id, siteId: source.siteId, userId: actor.id }, 'SAML metadata refresh asked');
      return refreshSource(source);
    },

    /** The job's work: every URL source due at this time, one after the other. */
    async refreshDue(): Promise<{ sourceId: number; outcome: SamlRefreshOutcome | null }[]> {
      const due = await repo.listDueSources(clock(), FAILED_REFRESH_RETRY_MS);
      const results: { sourceId: number; outcome: SamlRefreshOutcome | null }[] = [];
      for (const source of due) {
        try {
          results.push({ sourceId: source.id, outcome: await refreshSource(source, true) });
        } catch (error) {
          // A database failure or a source removed meanwhile: logged; the other sources still get their turn.
          logger.error({ err: error, samlSourceId: source.id, siteId: source.siteId }, 'SAML metadata refresh broke off');
          results.push({ sourceId: source.id, outcome: null });
        }
      }
      return results;
    },

    /** The source and its IdPs go. */
    async remove(actor: User, id: number): Promise<void> {
      const source = await get(actor, id);
      if (!(await repo.removeSource(id))) throw sourceNotFound(id);
      logger.info({ samlSourceId: id, siteId: source.siteId, userId: actor.id, name: source.name }, 'SAML metadata source removed');
    },

    async setIdpEnabled(actor: User, idpId: number, enabled: boolean): Promise<SamlIdp> {
      assertSamlAdmin(actor);
      return changedIdp(actor, await repo.findById(idpId), enabled, String(idpId));
    },

    async setIdpEnabledByEntityId(actor: User, entityId: string, enabled: boolean): Promise<SamlIdp> {
      assertSamlAdmin(actor);
      return changedIdp(actor, await repo.findByEntityId(actor.siteId, entityId), enabled, entityId);
    },
  };
}

export type SamlMetadataService = ReturnType<typeof createSamlMetadataService>;
