import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import type { User } from '../../server/src/domain/users/user.js';
import type { SpCredentials } from '../../server/src/infra/saml/sp-certificate.js';
import { cliWorld, lectern } from '../helpers/lectern-cli.js';
import { entitiesXml, entityXml, metadataDocument, signMetadata, startMetadataServer, type MetadataServer } from '../helpers/saml-metadata.js';
import { otherIdpKeys, testIdpKeys } from '../helpers/saml-responses.js';
import type { TestApp } from '../helpers/test-app.js';

interface SourceJson {
  id: number;
  name: string;
  url: string | null;
  signature_checked: boolean;
  refresh_hours: number;
  last_error_code: string | null;
  idps?: number;
}

describe('lectern saml:source:* and saml:idp:*', function () {
  this.timeout(180_000);
  let ctx: TestApp;
  let env: Record<string, string>;
  let admin: User;
  let keys: SpCredentials;
  let other: SpCredentials;
  let server: MetadataServer;
  const idp = (name: string) => entityXml({ entityId: `https://idp.${name}.fr/idp/shibboleth`, certificates: [keys.certificatePem], names: { en: `University ${name}` } });
  const file = async (name: string, text: string) => {
    const where = path.join(ctx.varDir, name);
    await writeFile(where, text);
    return where;
  };

  before(async () => {
    [keys, other] = await Promise.all([testIdpKeys(), otherIdpKeys()]);
    ({ ctx, env, admin } = await cliWorld({ SAML_METADATA_MAX_BYTES: '64KiB' }));
    server = await startMetadataServer();
  });
  after(async () => {
    await server?.close();
    await ctx?.close();
  });

  it('adds a signed URL source with a pinned certificate, lists it, refreshes it, disables and enables an IdP, and removes it', async () => {
    server.route('/renater.xml', { body: signMetadata(metadataDocument(entitiesXml([idp('alpha'), idp('beta'), entityXml({ entityId: 'https://sp.fr/sp', role: 'sp', certificates: [keys.certificatePem] })], { id: '_renater' })), keys) });
    const cert = await file('renater.pem', keys.certificatePem);
    const added = await lectern(['saml:source:add', 'cli.admin', '--name', 'Renater', '--url', `${server.origin}/renater.xml`, '--cert-file', cert, '--refresh-hours', '6'], env);
    expect(added.code, added.stderr).to.equal(0);
    const id = Number(/^Added metadata source (\d+) /.exec(added.stdout)?.[1]);
    expect(added.stdout).to.equal(`Added metadata source ${id} (${server.origin}/renater.xml).\nSource ${id}: 2 identity providers added, 0 kept, 0 removed.\nSkipped: 1 not_saml2_idp.\n`);

    const listed = JSON.parse((await lectern(['saml:source:list', 'cli.admin', '--json'], env)).stdout) as SourceJson[];
    expect(listed).to.have.length(1);
    expect(listed[0]).to.include({ id, name: 'Renater', signature_checked: true, refresh_hours: 6, last_error_code: null, idps: 2 });
    const table = await lectern(['saml:source:list', 'cli.admin'], env);
    expect(table.stdout.split('\n')[0]).to.match(/^id\s+name\s+metadata\s+idps\s+enabled\s+signature\s+last read\s+error$/);

    const disabled = await lectern(['saml:idp:disable', 'cli.admin', 'https://idp.beta.fr/idp/shibboleth'], env);
    expect(disabled.stdout).to.equal('Identity provider https://idp.beta.fr/idp/shibboleth disabled.\n');
    const idps = await lectern(['saml:idp:list', 'cli.admin', '--search', 'beta'], env);
    expect(idps.stdout).to.match(/\s+https:\/\/idp\.beta\.fr\/idp\/shibboleth\s+University beta\s+no\n$/);
    const refreshed = await lectern(['saml:source:refresh', 'cli.admin', String(id)], env);
    expect(refreshed.code, refreshed.stderr).to.equal(0);
    expect(refreshed.stdout).to.equal(`Source ${id}: 0 identity providers added, 2 kept, 0 removed.\nSkipped: 1 not_saml2_idp.\n`);
    expect((await ctx.services.samlIdps.findByEntityId(admin.siteId, 'https://idp.beta.fr/idp/shibboleth'))!.enabled).to.equal(false);
    expect((await lectern(['saml:idp:enable', 'cli.admin', 'https://idp.beta.fr/idp/shibboleth'], env)).stdout).to.equal('Identity provider https://idp.beta.fr/idp/shibboleth enabled.\n');

    const removed = await lectern(['saml:source:remove', 'cli.admin', String(id)], env);
    expect(removed.stdout).to.equal(`Metadata source ${id} removed, with its identity providers.\n`);
    const again = await lectern(['saml:source:remove', 'cli.admin', String(id)], env);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.contain('(saml_source_not_found)');
  });

  it('adds a file source, and reports a failed refresh with exit code 1 (the IdPs stay)', async () => {
    const metadata = await file('idp.xml', `\uFEFF${metadataDocument(idp('gamma'))}`);
    const added = await lectern(['saml:source:add', 'cli.admin', '--name', 'Gamma', '--file', metadata, '--json'], env);
    expect(added.code, added.stderr).to.equal(0);
    const json = JSON.parse(added.stdout) as { source: SourceJson; outcome: { ok: boolean; added: number } };
    expect(json.source).to.include({ name: 'Gamma', url: null, signature_checked: false });
    expect(json.outcome).to.include({ ok: true, added: 1 });

    server.route('/flaky.xml', { body: metadataDocument(idp('delta')) });
    const flaky = await lectern(['saml:source:add', 'cli.admin', '--name', 'Flaky', '--url', `${server.origin}/flaky.xml`, '--json'], env);
    const flakyId = (JSON.parse(flaky.stdout) as { source: SourceJson }).source.id;
    server.route('/flaky.xml', { status: 404 });
    const failed = await lectern(['saml:source:refresh', 'cli.admin', String(flakyId)], env);
    expect(failed.code).to.equal(1);
    expect(failed.stderr).to.contain(`lectern: the metadata of source ${flakyId} could not be read (saml_metadata_unreachable); its identity providers stay as they were.`);
    expect(failed.stderr).to.contain(`Details: ${server.origin}/flaky.xml answered HTTP 404.`);
    expect(await ctx.services.samlIdps.findByEntityId(admin.siteId, 'https://idp.delta.fr/idp/shibboleth')).to.not.equal(null);
    const failedJson = await lectern(['saml:source:refresh', 'cli.admin', String(flakyId), '--json'], env);
    expect(failedJson.code).to.equal(1);
    expect(JSON.parse(failedJson.stdout)).to.include({ ok: false, code: 'saml_metadata_unreachable' });
  });

  it('refuses bad input with exit code 1 and the code', async () => {
    const cases: [string[], string][] = [
      [['saml:source:add', 'cli.admin', '--name', 'Plain', '--url', 'http://metadata.example/idps.xml'], '(invalid_saml_source)'],
      [['saml:source:add', 'cli.admin', '--name', 'Nothing'], '(invalid_saml_source)'],
      [['saml:source:add', 'cli.admin', '--name', 'Broken', '--file', await file('broken.xml', '<md:EntityDescriptor')], '(saml_metadata_invalid)'],
      [['saml:source:add', 'cli.admin', '--name', 'Huge', '--file', await file('huge.xml', 'x'.repeat(70 * 1024))], '(saml_metadata_too_large)'],
      [['saml:source:add', 'cli.admin', '--name', 'Wrong key', '--file', await file('signed.xml', signMetadata(metadataDocument(idp('eps')), other)), '--cert-file', await file('k.pem', keys.certificatePem)], '(saml_metadata_signature_invalid)'],
      [['saml:source:add', 'cli.staff', '--name', 'Staff', '--url', `${server.origin}/x.xml`], '(admin_only)'],
      [['saml:source:refresh', 'cli.admin', '99999'], '(saml_source_not_found)'],
      [['saml:idp:disable', 'cli.admin', 'https://unknown.example/idp'], '(saml_idp_not_found)'],
    ];
    for (const [args, code] of cases) {
      const run = await lectern(args, env);
      expect(run.code, args.join(' ')).to.equal(1);
      expect(run.stderr, args.join(' ')).to.contain(code);
    }
    const both = await lectern(['saml:source:add', 'cli.admin', '--name', 'Both', '--url', 'https://a.example/m.xml', '--file', 'm.xml'], env);
    expect(both.code).to.equal(1);
    expect(both.stderr).to.contain("option '--url <url>' cannot be used with option '--file <path>'");
    const notId = await lectern(['saml:source:refresh', 'cli.admin', 'abc'], env);
    expect(notId.code).to.equal(1);
    expect(notId.stderr).to.contain('"abc" is not a metadata source id (see saml:source:list).');
    expect((await ctx.services.samlMetadata.list(admin)).map((source) => source.name)).to.not.include.members(['Plain', 'Nothing', 'Broken', 'Huge', 'Wrong key', 'Staff']);
  });
});
