import type { Request, Response } from 'express';
import { NotFoundError } from '../../server/src/domain/errors.js';
import { drfPage, type DrfPage } from '../presenters/drf-page.js';
import { bridgeClientOf } from './pod-auth.js';
import { absoluteRequestUrl, queryPage } from './pod-query.js';

const notFound = () => new NotFoundError('not_found', 'Not found.');

/** A record id in the path (`/rest/users/<id>/`): anything but a whole number names nothing (404, as Django's lookup). */
export function pathId(req: Request): number {
  const id = String(req.params.id);
  if (!/^\d{1,9}$/.test(id)) throw notFound();
  return Number(id);
}

/** The page of a short list held in memory (types, sites, groups, renditions, a video's chapters): the key's page size, 404 past the end. */
export function pageOfList<T>(req: Request, res: Response, items: readonly T[]): { page: number; pageSize: number; total: number; items: readonly T[] } {
  const pageSize = bridgeClientOf(res).pageSize;
  const last = Math.max(1, Math.ceil(items.length / pageSize));
  const requested = queryPage(req);
  const page = requested === 'last' ? last : requested;
  if (page < 1 || page > last) throw new NotFoundError('invalid_page', 'Invalid page.');
  return { page, pageSize, total: items.length, items: items.slice((page - 1) * pageSize, page * pageSize) };
}

/** DRF's page body of a list held in memory, its items presented. */
export function listPage<T, R>(req: Request, res: Response, publicUrl: string, items: readonly T[], present: (item: T) => R): DrfPage<R> {
  const page = pageOfList(req, res, items);
  return drfPage(absoluteRequestUrl(publicUrl, req), page, page.items.map(present));
}

/** The item with the path's id among those the key may see, or a 404. */
export function itemById<T extends { readonly id: number }>(req: Request, items: readonly T[]): T {
  const id = pathId(req);
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw notFound();
  return item;
}
