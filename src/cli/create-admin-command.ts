import { User } from '../db/entities/user.entity';
import { operatorPrincipal } from '../domain/shared/operator';
import { insertAdmin } from '../domain/users/user-insert';
import { cliEvents } from './cli-events';
import type { CliCommand } from './cli-command';
import { withDatabase } from './cli-database';
import { CliError, UsageError } from './cli-error';
import { emailOption, optionalOption, requiredOption } from './cli-options';
import { findTenant } from './find-tenant';
import { MIN_PASSWORD_LENGTH, readNewPassword } from './password-input';
import { isUniqueViolation } from '../db/driver-errors';

export const createAdminCommand: CliCommand = {
  name: 'create-admin',
  summary: "create a tenant's administrator: OWNER on every area of the tenant",
  help: `Usage: keyward create-admin --tenant <slug> --email <email> [--name <name>] [--super-user] [--password-stdin]

Creates a tenant administrator with OWNER on every role definition of the tenant (and nothing in
other tenants); with --super-user, a platform super user instead, who may also manage every
tenant. On a terminal the password is asked for twice without echo (leave it empty to have one
generated); otherwise, unless --password-stdin is given, a password is generated and printed once.
The audit log of the tenant records it (actor: the operator).

Options:
  --tenant <slug>    the tenant to add the user to, e.g. default (required)
  --email <email>    the new user's email, unique within the tenant (required)
  --name <name>      display name (default: Administrator)
  --super-user       make the user a platform super user (manages tenants, acts in its own tenant
                     with every permission); only for platform operators
  --password-stdin   read the password (at least ${MIN_PASSWORD_LENGTH} characters) from the first line of standard input
  -h, --help         show this help

Example:
  npx keyward create-admin --tenant default --email ops@example.com`,
  options: {
    tenant: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    'super-user': { type: 'boolean' },
    'password-stdin': { type: 'boolean' },
  },
  async run(values, context) {
    const slug = requiredOption(values, 'tenant');
    const email = emailOption(values);
    const name = optionalOption(values, 'name') ?? 'Administrator';
    if (name.length > 200) throw new UsageError('--name must be at most 200 characters');
    await withDatabase(context, { requireMigrated: true }, async (dataSource) => {
      // Check before asking for a password, so the operator does not type one for nothing.
      const tenant = await findTenant(dataSource, slug);
      const duplicate = () =>
        new CliError(
          `a user with email ${email} already exists in tenant "${slug}"; use "keyward reset-password" to set its password`,
        );
      if (await dataSource.getRepository(User).existsBy({ tenantId: tenant.id, email })) throw duplicate();
      const { password, generated } = await readNewPassword({ fromStdin: values['password-stdin'] === true });
      const superUser = values['super-user'] === true;
      const { events, tx } = cliEvents(dataSource);
      const areas = await tx
        .run(async (em) => {
          if (await em.existsBy(User, { tenantId: tenant.id, email })) throw duplicate();
          const operator = operatorPrincipal(tenant.id, 'keyward create-admin');
          return (
            await insertAdmin(em, events, operator, {
              tenantId: tenant.id,
              email,
              name,
              password,
              superUser,
            })
          ).areas;
        })
        .catch((error: unknown) => {
          // A concurrent insert of the same email lost the race at the unique index.
          if (isUniqueViolation(error)) throw duplicate();
          throw error;
        });
      context.print(
        `created ${superUser ? 'super user' : 'administrator'} ${email} in tenant "${slug}" with OWNER on ${areas} areas`,
      );
      if (generated) context.print(`password: ${password}   (generated; shown once, store it now)`);
    });
  },
};
