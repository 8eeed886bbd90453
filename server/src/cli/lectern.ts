import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.js';
import { AppError } from '../domain/errors.js';
import { createLogger } from '../infra/logger.js';
import { migrate } from '../infra/migrator.js';
import { loadConfigFromProcess } from '../config/config.js';
import { resolveDatabaseServer } from '../infra/database-server.js';
import { openDatabase } from '../infra/db.js';
import { registerBbbServerCommands } from './commands/bbb-server.commands.js';
import { registerCasServerCommands } from './commands/cas-server.commands.js';
import { registerBridgeKeyCommands } from './commands/bridge-key.commands.js';
import { registerGroupCommands } from './commands/group.commands.js';
import { registerImportCommands } from './commands/import.commands.js';
import { registerLtiPlatformCommands } from './commands/lti-platform.commands.js';
import { registerTokenCommands } from './commands/token.commands.js';
import { registerUserCommands } from './commands/user.commands.js';
import { registerSamlSpCommands } from './commands/saml-sp.commands.js';
import { registerSamlMetadataCommands } from './commands/saml-metadata.commands.js';
import { registerSsoCommands } from './commands/sso.commands.js';
import { stdoutOutput } from './output.js';

/** The `lectern` command: administration from a shell, with or without the server running. */
const program = new Command('lectern').description('Lectern administration').showHelpAfterError().exitOverride();

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const config = loadConfigFromProcess();
    const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
    const database = await resolveDatabaseServer(config, logger);
    const handle = openDatabase(database.url, logger, { max: 1 });
    try {
      const result = await migrate(handle.pool, logger);
      stdoutOutput.line(result.applied.length ? `Applied migrations ${result.applied.join(', ')}; schema version ${result.current}.` : `Schema is up to date (version ${result.current}).`);
    } finally {
      await handle.close();
      await database.stop();
    }
  });

registerUserCommands(program, stdoutOutput);
registerTokenCommands(program, stdoutOutput);
registerGroupCommands(program, stdoutOutput);
registerImportCommands(program, stdoutOutput);
registerBridgeKeyCommands(program, stdoutOutput);
registerLtiPlatformCommands(program, stdoutOutput);
registerBbbServerCommands(program, stdoutOutput);
registerCasServerCommands(program, stdoutOutput);
registerSamlSpCommands(program, stdoutOutput);
registerSamlMetadataCommands(program, stdoutOutput);
registerSsoCommands(program, stdoutOutput);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof AppError) {
    process.stderr.write(`lectern: ${error.message} (${error.code})\n`);
    for (const field of error.details.fields ?? []) process.stderr.write(`  ${field.path}: ${field.message}\n`);
    process.exitCode = 1;
  } else if (error instanceof ConfigError) {
    process.stderr.write(`lectern: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`lectern: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
