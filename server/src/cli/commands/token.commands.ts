import type { Command } from 'commander';
import { withCliContext } from '../cli-context.js';
import { printTable, type Output } from '../output.js';

export function registerTokenCommands(program: Command, out: Output): void {
  program
    .command('token:create')
    .description('create an API token for a user and print its key (shown once)')
    .argument('<username>')
    .option('--name <name>', 'what the token is for, e.g. "moodle"', '')
    .option('--json', 'print JSON')
    .action(async (username: string, options: { name: string; json?: boolean }) => {
      const created = await withCliContext(async ({ services }) => {
        const user = await services.userService.getByUsername(username);
        return services.tokenService.create(user.id, options.name);
      });
      if (options.json) out.json({ id: created.token.id, name: created.token.name, key: created.key });
      else out.line(created.key);
    });

  program
    .command('token:list')
    .description("list a user's tokens (never their keys)")
    .argument('<username>')
    .action(async (username: string) => {
      const tokens = await withCliContext(async ({ services }) => services.tokenService.list((await services.userService.getByUsername(username)).id));
      printTable(out, ['id', 'name', 'prefix', 'created', 'last used', 'revoked'], tokens.map((t) => [String(t.id), t.name, `${t.prefix}…`, t.createdAt.toISOString(), t.lastUsedAt?.toISOString() ?? '-', t.revokedAt?.toISOString() ?? '-']));
    });

  program
    .command('token:revoke')
    .description('revoke one of a user\'s tokens (ids from token:list)')
    .argument('<username>')
    .argument('<token-id>')
    .action(async (username: string, tokenId: string) => {
      if (!/^\d{1,9}$/.test(tokenId)) throw new Error(`"${tokenId}" is not a token id (see token:list).`);
      await withCliContext(async ({ services }) => services.tokenService.revoke((await services.userService.getByUsername(username)).id, Number(tokenId)));
      out.line(`Token ${tokenId} of "${username}" revoked.`);
    });
}
