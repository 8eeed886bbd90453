import { Option, type Command } from 'commander';
import { formatByteSize, parseByteSize } from '../../config/byte-size.js';
import { generatePassword } from '../../domain/users/password-hasher.js';
import type { UserRole } from '../../domain/users/user.js';
import { withCliContext } from '../cli-context.js';
import { printTable, type Output } from '../output.js';

interface CreateOptions {
  admin?: boolean;
  staff?: boolean;
  password?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  authType?: 'local' | 'saml' | 'cas';
  affiliation?: string;
  json?: boolean;
}

export function registerUserCommands(program: Command, out: Output): void {
  program
    .command('user:create')
    .description('create a user (a student unless --admin or --staff); a local one gets a generated password, printed, when none is given')
    .argument('<username>', 'letters, digits and @.+-_ (at most 150)')
    .option('--admin', 'administrator')
    .option('--staff', 'staff member (may upload videos)')
    .option('--password <password>', 'at least 12 characters (else one is generated and printed)')
    .option('--email <email>', 'e-mail address')
    .option('--first-name <name>', 'first name')
    .option('--last-name <name>', 'last name')
    .option('--affiliation <affiliation>', 'e.g. faculty, staff, student')
    .addOption(
      new Option('--auth-type <type>', 'saml or cas: an account waiting for its owner’s first institution sign-in (username = their user key, e.g. the eduPersonPrincipalName; no password unless given)')
        .choices(['local', 'saml', 'cas'])
        .default('local'),
    )
    .option('--json', 'print JSON')
    .action(async (username: string, options: CreateOptions) => {
      const role: UserRole = options.admin ? 'admin' : options.staff ? 'staff' : 'student';
      const password = options.password ?? (options.authType === 'local' ? generatePassword() : undefined);
      const user = await withCliContext(({ services }) =>
        services.userService.create({
          username,
          role,
          password,
          email: options.email,
          firstName: options.firstName,
          lastName: options.lastName,
          affiliation: options.affiliation ?? (role === 'student' ? 'student' : 'staff'),
          authType: options.authType,
        }),
      );
      const generated = options.password === undefined ? password : undefined;
      if (options.json) {
        out.json({ id: user.id, username: user.username, role: user.role, ...(generated ? { password: generated } : {}) });
        return;
      }
      out.line(`Created ${user.role} "${user.username}" (id ${user.id}).`);
      if (generated) out.line(`Password (shown once): ${generated}`);
    });

  program
    .command('user:quota')
    .description("set a user's storage quota (e.g. 50GiB; 0 for unlimited; \"default\" for USER_QUOTA)")
    .argument('<username>')
    .argument('<size>')
    .action(async (username: string, size: string) => {
      const bytes = size === 'default' ? null : parseByteSize(size);
      if (bytes === null && size !== 'default') throw new Error(`"${size}" is not a size (examples: 50GiB, 500MB, 0, default).`);
      await withCliContext(({ services }) => services.userService.setQuota(username, bytes));
      out.line(bytes === null ? `"${username}" now has the default quota.` : `Quota of "${username}": ${bytes === 0 ? 'unlimited' : formatByteSize(bytes)}.`);
    });

  program
    .command('user:list')
    .description('list the users of site 1')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const users = await withCliContext(({ services }) => services.userService.list());
      if (options.json) {
        out.json(users.map((u) => ({ id: u.id, username: u.username, role: u.role, email: u.email, first_name: u.firstName, last_name: u.lastName, active: u.isActive })));
        return;
      }
      printTable(out, ['id', 'username', 'role', 'email', 'name', 'last login'], users.map((u) => [String(u.id), u.username, u.role, u.email, `${u.firstName} ${u.lastName}`.trim(), u.lastLoginAt?.toISOString() ?? '-']));
    });
}
