import { hashPassword } from '../crypto/password';
import { SYSTEM_ACTOR } from '../db/entities/columns';
import { User } from '../db/entities/user.entity';
import { operatorPrincipal } from '../domain/shared/operator';
import { userView } from '../domain/users/user-view';
import type { CliCommand } from './cli-command';
import { SessionCache } from '../auth/session-cache';
import { cliEvents, tellRunningInstances } from './cli-events';
import { withDatabase } from './cli-database';
import { CliError } from './cli-error';
import { emailOption, optionalOption } from './cli-options';
import { findTenant } from './find-tenant';
import { MIN_PASSWORD_LENGTH, readNewPassword } from './password-input';

export const resetPasswordCommand: CliCommand = {
  name: 'reset-password',
  summary: "set a new password for a backoffice user (the way back in when the only admin's is lost)",
  help: `Usage: keyward reset-password --email <email> [--tenant <slug>] [--password-stdin]

Sets a new password for a backoffice user. On a terminal it is asked for twice without echo (leave
it empty to have one generated); otherwise, unless --password-stdin is given, a password is
generated and printed once. Every session token issued to the user before stops working (its
personal keys stay).

Options:
  --email <email>    the user's email (required)
  --tenant <slug>    the user's tenant; needed only when the email exists in several tenants
  --password-stdin   read the password (at least ${MIN_PASSWORD_LENGTH} characters) from the first line of standard input
  -h, --help         show this help

Example:
  npx keyward reset-password --email admin@keyward.local`,
  options: {
    email: { type: 'string' },
    tenant: { type: 'string' },
    'password-stdin': { type: 'boolean' },
  },
  async run(values, context) {
    const email = emailOption(values);
    const slug = optionalOption(values, 'tenant');
    await withDatabase(context, { requireMigrated: true }, async (dataSource) => {
      if (slug) await findTenant(dataSource, slug);
      const users = await dataSource.getRepository(User).find({
        where: slug ? { email, tenant: { slug } } : { email },
        relations: { tenant: true },
      });
      if (users.length === 0) throw new CliError(`no user with email ${email}${slug ? ` in tenant "${slug}"` : ''}`);
      if (users.length > 1) {
        const slugs = users.map((u) => u.tenant!.slug).sort();
        throw new CliError(
          `${email} exists in ${users.length} tenants (${slugs.join(', ')}); choose one with --tenant <slug>`,
        );
      }
      const user = users[0]!;
      const { password, generated } = await readNewPassword({ fromStdin: values['password-stdin'] === true });
      user.passwordHash = await hashPassword(password);
      user.stampUpdated(SYSTEM_ACTOR);
      const { events, tx } = cliEvents(dataSource);
      await tx.run(async (em) => {
        // a new password ends every session issued so far (the epoch only moves on)
        await em.getRepository(User).update(
          { id: user.id },
          {
            passwordHash: user.passwordHash,
            sessionEpoch: () => '`sessionEpoch` + 1',
            updatedAt: user.updatedAt,
            updatedByType: user.updatedByType,
            updatedById: user.updatedById,
          },
        );
        await events.emit(em, operatorPrincipal(user.tenantId, 'keyward reset-password'), {
          action: 'user.updated',
          tenantId: user.tenantId,
          targetType: 'User',
          targetId: user.id,
          changes: { password: { before: null, after: '(changed)' }, sessions: { before: null, after: 'revoked' } },
          data: userView(user),
        });
      });
      // running servers may hold the user's sessions in their cache: drop them there at once
      const told = await tellRunningInstances(context.config, SessionCache.userMessage(user.id));
      if (!told && (context.config.redisUrl || context.config.redisClusterNodes)) {
        context.note(
          `note: Redis is unreachable; running servers refuse the old sessions once their cache entries expire (KEYWARD_KEY_CACHE_TTL_MS, at most ${context.config.keyCacheTtlMs} ms)`,
        );
      }
      context.print(`password of ${email} in tenant "${user.tenant!.slug}" changed`);
      if (generated) context.print(`password: ${password}   (generated; shown once, store it now)`);
      if (!user.active)
        context.note(`note: ${email} is deactivated and cannot sign in until an administrator reactivates it`);
    });
  },
};
