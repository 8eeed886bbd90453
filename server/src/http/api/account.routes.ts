import { z } from 'zod';
import type { ApiTokenService } from '../../domain/tokens/api-token-service.js';
import type { ApiToken } from '../../domain/tokens/api-token.js';
import type { UploadService } from '../../domain/uploads/upload-service.js';
import type { ReferenceDataRepository } from '../../domain/videos/reference-data-repository.js';
import { meJson, presentMe } from '../presenters/user.presenter.js';
import { recordId } from '../record-id.js';
import type { ApiOperation } from './api-operation.js';
import { problem } from './problem.schema.js';

export interface AccountRoutesDeps {
  readonly tokens: ApiTokenService;
  readonly uploads: UploadService;
  readonly referenceData: ReferenceDataRepository;
}

const tokenJson = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string().describe('First characters of the key, to recognise it'),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
const createdTokenJson = tokenJson.extend({ key: z.string().describe('The key itself: shown once, never again') });
const referenceJson = z.array(z.object({ id: z.number().int(), title: z.string(), description: z.string() }));

const presentToken = (token: ApiToken): z.infer<typeof tokenJson> => ({
  id: token.id,
  name: token.name,
  prefix: token.prefix,
  created_at: token.createdAt.toISOString(),
  last_used_at: token.lastUsedAt?.toISOString() ?? null,
  revoked_at: token.revokedAt?.toISOString() ?? null,
});

const unauthenticated = { 401: problem('Missing, invalid or revoked credentials') };

export function accountOperations({ tokens, uploads, referenceData }: AccountRoutesDeps): ApiOperation[] {
  return [
    {
      method: 'get',
      path: '/me',
      operationId: 'getMe',
      summary: 'Who you are, and your storage use',
      tag: 'account',
      auth: 'user',
      responses: { 200: { description: 'The authenticated user', schema: meJson }, ...unauthenticated },
      handler: async (req, res) => {
        res.json(presentMe(req.user!, await uploads.storageOf(req.user!)));
      },
    },
    {
      method: 'get',
      path: '/tokens',
      operationId: 'listTokens',
      summary: 'Your API tokens (never their keys)',
      tag: 'account',
      auth: 'user',
      responses: { 200: { description: 'Tokens', schema: z.array(tokenJson) }, ...unauthenticated },
      handler: async (req, res) => {
        res.json((await tokens.list(req.user!.id)).map(presentToken));
      },
    },
    {
      method: 'post',
      path: '/tokens',
      operationId: 'createToken',
      summary: 'Create an API token; its key is in this answer only',
      tag: 'account',
      auth: 'user',
      body: z.object({ name: z.string().max(100).default('') }).strict(),
      responses: { 201: { description: 'Created', schema: createdTokenJson }, 400: problem('Invalid name'), ...unauthenticated },
      handler: async (req, res) => {
        const { name } = req.valid.body as { name: string };
        const created = await tokens.create(req.user!.id, name);
        res.status(201).json({ ...presentToken(created.token), key: created.key });
      },
    },
    {
      method: 'delete',
      path: '/tokens/:id',
      operationId: 'revokeToken',
      summary: 'Revoke one of your tokens',
      tag: 'account',
      auth: 'user',
      params: z.object({ id: recordId }),
      responses: { 204: { description: 'Revoked' }, ...unauthenticated, 404: problem('No such live token of yours') },
      handler: async (req, res) => {
        await tokens.revoke(req.user!.id, (req.valid.params as { id: number }).id);
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/video-types',
      operationId: 'listVideoTypes',
      summary: 'Video types of your site',
      tag: 'reference',
      auth: 'user',
      responses: { 200: { description: 'Types', schema: referenceJson }, ...unauthenticated },
      handler: async (req, res) => {
        res.json((await referenceData.listTypes(req.user!.siteId)).map(({ id, title, description }) => ({ id, title, description })));
      },
    },
    {
      method: 'get',
      path: '/disciplines',
      operationId: 'listDisciplines',
      summary: 'Disciplines of your site',
      tag: 'reference',
      auth: 'user',
      responses: { 200: { description: 'Disciplines', schema: referenceJson }, ...unauthenticated },
      handler: async (req, res) => {
        res.json((await referenceData.listDisciplines(req.user!.siteId)).map(({ id, title, description }) => ({ id, title, description })));
      },
    },
  ];
}
