import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { formatByteSize } from '../../config/byte-size.js';
import { NotFoundError } from '../../domain/errors.js';
import { IMPORT_KINDS } from '../../domain/imports/import-columns.js';
import { assertImportAdmin } from '../../domain/imports/import-service.js';
import { USER_ROLES } from '../../domain/users/user.js';
import type { Services } from '../../services.js';
import { FileOverLimit, receiveMultipartForm } from '../multipart-upload.js';
import { presentImportProgress } from '../presenters/import-run.presenter.js';
import { DEFAULT_IMPORT_FORM, renderAdminImportsPage, type AdminImportsOptions, type ImportFormState } from '../views/admin-imports.view.js';
import { renderImportRunPage } from '../views/import-run.view.js';
import { csrfOf } from './page-params.js';
import { redirectAfterSave } from './redirect-after-save.js';

/** Largest CSV accepted from the page (10,000 video rows take about 3 MB). */
export const MAX_CSV_BYTES = 32 * 1024 * 1024;
/** Where a form's CSV waits while it is read (removed at once). */
const RECEIVING_DIR = path.join(os.tmpdir(), 'lectern-imports');

const importForm = z.object({
  kind: z.enum(IMPORT_KINDS as [string, ...string[]]).default('users'),
  action: z.enum(['check', 'import']).default('check'),
  skip_invalid: z.literal('true').optional(),
  default_role: z.enum(USER_ROLES).default('student'),
});

const runIdParam = z.object({ id: z.uuid() });

type FormRefusal = { readonly status: number; readonly message: string };

/** The form's fields and the CSV's bytes; the received file is removed before returning. */
async function readImportForm(req: Request): Promise<{ fields: Record<string, string>; file: { filename: string; bytes: Buffer } | null } | FormRefusal> {
  if (!req.is('multipart/form-data')) return { fields: {}, file: null };
  try {
    const form = await receiveMultipartForm(req, RECEIVING_DIR, MAX_CSV_BYTES);
    if (!form.file) return { fields: form.fields, file: null };
    try {
      return { fields: form.fields, file: { filename: form.file.filename, bytes: await readFile(form.file.filePath) } };
    } finally {
      await rm(form.file.filePath, { force: true });
    }
  } catch (error) {
    if (!(error instanceof FileOverLimit)) throw error;
    return { status: 413, message: req.t('imports.fileTooLarge', { max: formatByteSize(MAX_CSV_BYTES) }) };
  }
}

/** /admin/imports (form, check reports, recent runs), a run's page and progress JSON, and the CSV exports. Admins only. */
export function adminImportPages(deps: { services: Services }): Router {
  const { importService, exportService } = deps.services;
  const router = Router();

  async function showIndex(req: Request, res: Response, extra: Partial<AdminImportsOptions> = {}, status = 200): Promise<void> {
    const runs = await importService.listRecent(req.user!);
    const options: AdminImportsOptions = { runs, importDir: importService.importDir, form: DEFAULT_IMPORT_FORM, problem: null, check: null, ...extra };
    res.status(status).type('html').send(renderAdminImportsPage(req, csrfOf(res), options));
  }

  router.get('/admin/imports', async (req, res) => {
    await showIndex(req, res);
  });

  router.post('/admin/imports', async (req, res) => {
    assertImportAdmin(req.user!);
    const received = await readImportForm(req);
    if ('status' in received) return showIndex(req, res, { problem: received.message }, received.status);
    const fields = importForm.safeParse(received.fields);
    const parsed = fields.success ? fields.data : importForm.parse({});
    const form: ImportFormState = { kind: parsed.kind as ImportFormState['kind'], skipInvalid: parsed.skip_invalid === 'true', defaultRole: parsed.default_role };
    if (!fields.success) return showIndex(req, res, { form, problem: req.t('error.validation_failed') }, 400);
    if (!received.file) return showIndex(req, res, { form, problem: req.t('imports.noFile') }, 400);
    const request = { kind: form.kind, filename: received.file.filename, bytes: received.file.bytes, skipInvalid: form.skipInvalid, defaultRole: form.defaultRole };
    if (parsed.action === 'check') {
      const result = await importService.check(req.user!, request);
      return showIndex(req, res, { form, check: { filename: request.filename, result } });
    }
    const run = await importService.start(req.user!, request);
    await redirectAfterSave(req, res, `/admin/imports/${run.id}`, { kind: 'success', key: 'imports.started' });
  });

  /** The run's id: anything but a UUID names no run. */
  const runId = (req: Request): string => {
    assertImportAdmin(req.user!);
    const parsed = runIdParam.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('import_not_found', 'No such import.');
    return parsed.data.id;
  };

  router.get('/admin/imports/:id', async (req, res) => {
    const { run, videos } = await importService.progress(req.user!, runId(req));
    res.type('html').send(renderImportRunPage(req, csrfOf(res), run, videos));
  });

  router.get('/admin/imports/:id/progress.json', async (req, res) => {
    const { run, videos } = await importService.progress(req.user!, runId(req));
    res.set('Cache-Control', 'no-store').json(presentImportProgress(run, videos));
  });

  const today = () => new Date().toISOString().slice(0, 10);
  // A byte order mark, so that spreadsheets open the download as UTF-8 (the importers accept it).
  const sendCsv = (res: Response, name: string, csv: string) => res.type('text/csv; charset=utf-8').attachment(`lectern-${name}-${today()}.csv`).send(`\uFEFF${csv}`);

  router.get('/admin/exports/videos.csv', async (req, res) => {
    sendCsv(res, 'videos', (await exportService.videosCsv(req.user!)).csv);
  });

  router.get('/admin/exports/users.csv', async (req, res) => {
    sendCsv(res, 'users', (await exportService.usersCsv(req.user!)).csv);
  });

  return router;
}
