import fs from 'node:fs';
import path from 'node:path';
import { longestTokenLifetimeMs, RotationTooSoonError, SigningKeys } from '../credentials/signing-keys';
import { MasterKey } from '../crypto/master-key';
import { Tenant } from '../db/entities/tenant.entity';
import { operatorPrincipal } from '../domain/shared/operator';
import type { CliCommand } from './cli-command';
import { withDatabase } from './cli-database';
import { CliError } from './cli-error';
import { cliEvents } from './cli-events';

export const rotateSigningKeyCommand: CliCommand = {
  name: 'rotate-signing-key',
  summary: 'create a new key for signing session and access tokens; the previous one keeps verifying',
  help: `Usage: keyward rotate-signing-key [--force | --retire-all]

Creates a new ES256 key for signing session tokens and OAuth access tokens, sealed with the master
key (KEYWARD_MASTER_KEY, or master.key in KEYWARD_DATA_DIR). Running servers publish it in
/.well-known/jwks.json within a minute and sign with it six minutes after the rotation, once every
instance and every JWKS cache (max-age 5 min) knows it. The key signing until then keeps verifying
the tokens it signed; older keys are retired, and their tokens stop working. So a rotation is
refused while tokens signed with a key it would retire may still be live: until the longest token
lifetime (KEYWARD_SESSION_TTL_SECONDS, KEYWARD_ACCESS_TOKEN_TTL_SECONDS) has passed since the current
key took over.

Options:
  --force        rotate anyway; tokens signed with the retired key stop working
  --retire-all   for a leaked key: retire every other key now and sign with the new one at once;
                 every session and access token issued before stops working (instances sign with
                 the new key within a minute)
  -h, --help     show this help

Example:
  npx keyward rotate-signing-key`,
  options: {
    force: { type: 'boolean' },
    'retire-all': { type: 'boolean' },
  },
  async run(values, context) {
    const { config } = context;
    // never generate a master key here: keys sealed with one the server does not have are useless
    if (!config.masterKey && !fs.existsSync(path.join(config.dataDir, 'master.key'))) {
      throw new CliError(
        `no master key: set KEYWARD_MASTER_KEY (or KEYWARD_DATA_DIR to the directory holding the server's master.key)`,
      );
    }
    const masterKey = MasterKey.load(config.masterKey, config.dataDir, () => undefined);
    await withDatabase(context, { requireMigrated: true }, async (dataSource) => {
      const keys = new SigningKeys(dataSource, masterKey, 'keyward', {
        maxTokenLifetimeMs: longestTokenLifetimeMs(config),
      });
      await keys.reload().catch((error: Error) => {
        throw new CliError(
          `the signing keys in the database cannot be decrypted with this master key (${error.message}); use the server's KEYWARD_MASTER_KEY`,
        );
      });
      let result;
      try {
        result = await keys.rotate({ force: values.force === true, retireAll: values['retire-all'] === true });
      } catch (error) {
        if (error instanceof RotationTooSoonError) throw new CliError(`${error.message} (or use --force)`);
        throw error;
      }
      // the keys sign every tenant's sessions and tokens: each tenant's audit log records the rotation
      const { events, tx } = cliEvents(dataSource);
      const tenants = await dataSource.getRepository(Tenant).find({ select: { id: true } });
      const changes = {
        kid: { before: null, after: result.kid },
        activeFrom: { before: null, after: result.activeFrom.toISOString() },
        retired: { before: null, after: result.retired },
      };
      for (const tenant of tenants) {
        await tx.run((em) =>
          events.emit(em, operatorPrincipal(tenant.id, 'keyward rotate-signing-key'), {
            action: 'signing_key.rotated',
            tenantId: tenant.id,
            targetType: 'SigningKey',
            targetId: result.kid,
            changes,
          }),
        );
      }
      context.print(`new signing key ${result.kid}: published now, signs from ${result.activeFrom.toISOString()}`);
      for (const kid of result.kept) context.print(`still published: ${kid} (verifies the tokens it signed)`);
      for (const kid of result.retired) context.print(`retired: ${kid} (tokens it signed no longer verify)`);
    });
  },
};
