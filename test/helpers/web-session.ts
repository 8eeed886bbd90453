import type { Express } from 'express';
import request from 'supertest';
import { TEST_PASSWORD } from './factories.js';

/** The CSRF token of a rendered page (every form carries it). */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF field in the page');
  return match[1]!;
}

/** A cookie-keeping agent logged in through the login form. */
export async function loggedInAgent(app: Express, username: string, password = TEST_PASSWORD) {
  const agent = request.agent(app);
  const page = await agent.get('/login').expect(200);
  await agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), username, password, next: '/my/videos' }).expect(303);
  const home = await agent.get('/my/videos').expect(200);
  return { agent, csrf: csrfFrom(home.text) };
}

/** The problem a form page shows next to a field (form-fields.view.ts), or null. */
export function fieldError(page: string, field: string): string | null {
  return new RegExp(`<p class="field-error" id="${field}-error">([^<]*)</p>`).exec(page)?.[1] ?? null;
}
