import type { Command } from 'commander';
import { loadConfigFromProcess } from '../../config/config.js';
import { spMetadata } from '../../infra/saml/saml-provider.js';
import { configuredSpCredentials } from '../../infra/saml/sp-certificate.js';
import type { Output } from '../output.js';

/** `lectern saml:sp-metadata`: our SAML SP metadata, to register Lectern with a federation or an IdP. */
export function registerSamlSpCommands(program: Command, out: Output): void {
  program
    .command('saml:sp-metadata')
    .description('print the SAML service provider metadata (XML) to register with Renater or an identity provider')
    .action(async () => {
      const config = loadConfigFromProcess();
      // The key pair is generated on first use, as the server would (the same files).
      out.line(spMetadata({ entityId: config.saml.entityId, publicUrl: config.publicUrl }, await configuredSpCredentials(config)));
    });
}
