import { expect } from 'chai';
import type { Request } from 'express';
import type { ApiToken } from '../../server/src/domain/tokens/api-token.js';
import { translator } from '../../server/src/http/i18n/i18n.js';
import { moodleValuesPanel } from '../../server/src/http/views/moodle-values.view.js';

const request = (locale: 'en' | 'fr') => ({ locale, t: translator(locale) }) as unknown as Request;

const key: ApiToken = {
  id: 7,
  userId: 1,
  kind: 'bridge',
  name: 'Moodle',
  prefix: '0a1b2c3d',
  createdAt: new Date('2026-01-05T10:00:00Z'),
  lastUsedAt: null,
  revokedAt: null,
  siteId: 2,
  usernameMapping: 'email',
  identityIssuer: null,
  pageSize: 20,
};

function valueOf(panel: string, setting: string): string | undefined {
  return new RegExp(`<tr data-setting="${setting}"><th scope="row"><code>${setting}</code></th><td>(.*?)</td>`).exec(panel)?.[1];
}

describe('the "values to enter in Moodle" panel', () => {
  it('follows the public URL and the key: https, no trailing slash, page size, username hook', () => {
    const panel = moodleValuesPanel(request('en'), { publicUrl: 'https://videos.univ.example/', key, siteName: 'IUT (iut.univ.example)' }).value;
    expect(valueOf(panel, 'pod_url')).to.equal('<code>https://videos.univ.example</code>');
    expect(valueOf(panel, 'https')).to.equal('checked');
    expect(valueOf(panel, 'page_size')).to.equal('<code>20</code>');
    expect(valueOf(panel, 'usernamehook')).to.equal('checked');
    expect(valueOf(panel, 'thumbnail')).to.equal('unchecked');
    expect(valueOf(panel, 'pod_api_key'), 'only the prefix once the key is stored').to.equal('the key shown when it was created (it begins with 0a1b2c3d…)');
    expect(panel).to.contain('this key decides the site (IUT (iut.univ.example))');
  });

  it('shows the key itself right after its creation, and speaks French', () => {
    const panel = moodleValuesPanel(request('fr'), { publicUrl: 'http://localhost:3000', key: { ...key, usernameMapping: 'lti' }, secret: 'f'.repeat(40), siteName: 'Lectern' }).value;
    expect(valueOf(panel, 'pod_api_key')).to.equal(`<code>${'f'.repeat(40)}</code>`);
    expect(valueOf(panel, 'https')).to.equal('décoché');
    expect(valueOf(panel, 'usernamehook')).to.equal('décoché');
    expect(panel).to.contain('Valeurs à saisir dans Moodle');
  });
});
