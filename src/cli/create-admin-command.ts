import { SYSTEM_ACTOR } from '../entities/columns';
import { RoleDefinition } from '../entities/role-definition.entity';
import { User } from '../entities/user.entity';
import { UserService } from '../services/user.service';
import { TransactionRunner } from '../transaction-runner';
import type { CliCommand } from './cli-command';
import { withDatabase } from './cli-database';
import { CliError, UsageError } from './cli-error';
import { emailOption, optionalOption, requiredOption } from './cli-options';
import { findTenant } from './find-tenant';
import { MIN_PASSWORD_LENGTH, readNewPassword } from './password-input';


export const createAdminCommand: CliCommand = {
  name: 'create-admin',
  summary: 'create a super user with OWNER on every area of a tenant',
  help: `Usage: keyward create-admin --tenant <slug> --email <email> [--name <name>] [--password-stdin]

Creates a super user (platform level, may manage tenants) with OWNER on every role definition of
the tenant. On a terminal the password is asked for twice without echo (leave it empty to have
one generated); otherwise, unless --password-stdin is given, a password is generated and printed
once.

Options:
  --tenant <slug>    the tenant to add the user to, e.g. default (required)
  --email <email>    the new user's email, unique within the tenant (required)
  --name <name>      display name (default: Administrator)
  --password-stdin   read the password (at least ${MIN_PASSWORD_LENGTH} characters) from the first line of standard input
  -h, --help         show this help

Example:
  npx keyward create-admin --tenant default --email ops@example.com`,
  options: {
    tenant: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
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
      const duplicate = () => new CliError(`a user with email ${email} already exists in tenant "${slug}"; use "keyward reset-password" to set its password`);
      if (await dataSource.getRepository(User).existsBy({ tenantId: tenant.id, email })) throw duplicate();
      const { password, generated } = await readNewPassword({ fromStdin: values['password-stdin'] === true });
      const areas = await new TransactionRunner(dataSource)
        .run(async (em) => {
          if (await em.existsBy(User, { tenantId: tenant.id, email })) throw duplicate();
          const user = await UserService.insert(em, { tenantId: tenant.id, email, name, password, superUser: true }, SYSTEM_ACTOR);
          await UserService.grantAllAreas(em, tenant.id, user.id, 'OWNER', SYSTEM_ACTOR);
          return em.countBy(RoleDefinition, { tenantId: tenant.id });
        })
        .catch((error: Error & { code?: string }) => {
          // A concurrent insert of the same email lost the race at the unique index.
          if (/UNIQUE|Duplicate entry/i.test(error.message) || error.code === 'ER_DUP_ENTRY') throw duplicate();
          throw error;
        });
      context.print(`created super user ${email} in tenant "${slug}" with OWNER on ${areas} areas`);
      if (generated) context.print(`password: ${password}   (generated; shown once, store it now)`);
    });
  },
};
