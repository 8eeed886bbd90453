import type { Command } from 'commander';
import { commandLineActor } from '../../domain/access/access-group-service.js';
import { withCliContext } from '../cli-context.js';
import { printTable, type Output } from '../output.js';

const usernames = (values: string[]) => values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);

/** Access groups (Esup-Pod's AccessGroup): videos restricted to a group open to its members. */
export function registerGroupCommands(program: Command, out: Output): void {
  const actor = commandLineActor();
  program
    .command('group:create')
    .description('create an access group')
    .argument('<code>', 'code name: letters, digits and _ . : @ - (e.g. an LDAP group or a course code)')
    .option('--name <name>', 'display name')
    .action(async (code: string, options: { name?: string }) => {
      const group = await withCliContext(({ services }) => services.accessGroupService.create(actor, code, options.name ?? ''));
      out.line(`Created access group "${group.codeName}" (id ${group.id}).`);
    });

  program
    .command('group:list')
    .description('list the access groups')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const groups = await withCliContext(({ services }) => services.accessGroupService.list(actor));
      if (options.json) {
        out.json(groups.map((g) => ({ id: g.id, code_name: g.codeName, display_name: g.displayName, members: g.memberCount })));
        return;
      }
      printTable(out, ['id', 'code name', 'display name', 'members'], groups.map((g) => [String(g.id), g.codeName, g.displayName, String(g.memberCount)]));
    });

  program
    .command('group:members')
    .description("list a group's members")
    .argument('<code>')
    .action(async (code: string) => {
      const members = await withCliContext(({ services }) => services.accessGroupService.members(actor, code));
      printTable(out, ['username', 'name'], members.map((m) => [m.username, `${m.firstName} ${m.lastName}`.trim()]));
    });

  program
    .command('group:add')
    .description('add users to a group (every username must exist; nothing is added otherwise)')
    .argument('<code>')
    .argument('<usernames...>', 'usernames, separated by spaces or commas')
    .action(async (code: string, names: string[]) => {
      const list = usernames(names);
      await withCliContext(({ services }) => services.accessGroupService.addMembers(actor, code, list));
      out.line(`Added ${list.length} user(s) to "${code}".`);
    });

  program
    .command('group:remove')
    .description('remove users from a group')
    .argument('<code>')
    .argument('<usernames...>')
    .action(async (code: string, names: string[]) => {
      const list = usernames(names);
      await withCliContext(({ services }) => services.accessGroupService.removeMembers(actor, code, list));
      out.line(`Removed ${list.length} user(s) from "${code}".`);
    });

  program
    .command('group:delete')
    .description('delete a group (videos restricted to it lose that restriction)')
    .argument('<code>')
    .action(async (code: string) => {
      await withCliContext(({ services }) => services.accessGroupService.remove(actor, code));
      out.line(`Deleted access group "${code}".`);
    });
}
