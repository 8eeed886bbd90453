import { expect } from 'chai';
import type { Response } from 'supertest';

/** Asserts an application/problem+json answer with this status and stable code. */
export function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status, res.text).to.equal(status);
  expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
  const body = JSON.parse(res.text) as { status: number; code: string; detail: unknown; requestId: unknown };
  expect(body).to.include({ status, code });
  expect(body.detail).to.be.a('string').and.not.empty;
  expect(body.requestId).to.equal(res.headers['x-request-id']);
}
