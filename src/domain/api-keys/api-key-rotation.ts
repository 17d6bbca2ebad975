import type { Principal } from '../../core/principal';
import { badInput, conflict } from '../../core/errors';
import { generateSecret } from '../../credentials/tokens';
import { assertMayAssign } from '../roles/grant-changes';
import { grantsOf } from '../roles/grants';
import { diffFields } from '../shared/domain-events';
import type { Infrastructure } from '../shared/infrastructure';
import { AUDITED_FIELDS, emitKeyEvent, secretColumns, writeKeyChanges } from './api-key-changes';
import type { CreatedKey } from './api-key-creation';
import { inlineGrants } from './api-key-grants';
import { checkExpiresAt, MAX_GRACE_SECONDS, type RotateArgs } from './api-key-input';
import { findKeyInTenant } from './api-key-lookup';

/**
 * A new secret (REST credentials keep their clientId). The old secret stops at once, or after
 * the grace period (≤ 7 days, and never beyond the key's expiry). Personal keys are not rotated
 * (their owner revokes and creates a new one); rotating requires holding the key's grants, as
 * the caller receives a secret that acts with them.
 */
export async function rotateKey(
  deps: Pick<Infrastructure, 'tx' | 'events'>,
  principal: Principal,
  id: string,
  args: RotateArgs,
): Promise<CreatedKey> {
  const grace = args.gracePeriodSeconds ?? 0;
  if (!Number.isInteger(grace) || grace < 0 || grace > MAX_GRACE_SECONDS) {
    throw badInput(
      'gracePeriodSeconds',
      `gracePeriodSeconds must be a whole number from 0 to ${MAX_GRACE_SECONDS} (7 days)`,
    );
  }
  const now = new Date();
  const newExpiry = checkExpiresAt(args.expiresAt, 'expiresAt', now);
  return deps.tx.run(async (em) => {
    const key = await findKeyInTenant(em, principal, id, 'id');
    if (key.revokedAt) throw conflict('id', 'A revoked key cannot be rotated');
    if (key.kind === 'PERSONAL')
      throw badInput('id', 'Personal keys cannot be rotated; revoke the key and create a new one');
    const inline = await inlineGrants(em, key.id);
    const group = key.authorizationGroupId ? await grantsOf(em, 'GROUP', [key.authorizationGroupId]) : [];
    assertMayAssign(
      principal,
      [...inline, ...group],
      (g) => `You cannot rotate a key holding ${g.roleKey} at level ${g.level}: you do not hold it yourself`,
    );
    const oldExpiry = key.expiresAt;
    const expiresAt = newExpiry ?? oldExpiry;
    if (expiresAt && expiresAt.getTime() <= now.getTime())
      throw badInput('expiresAt', 'The key has expired; pass a new expiresAt in the future to rotate it');
    const before = { ...key, ipAllowlist: [...key.ipAllowlist] };
    // Grace: never beyond the key's (old or new) expiry.
    let graceEnd = grace > 0 ? now.getTime() + grace * 1000 : null;
    for (const limit of [oldExpiry, expiresAt])
      if (graceEnd !== null && limit) graceEnd = Math.min(graceEnd, limit.getTime());
    if (graceEnd !== null && graceEnd <= now.getTime()) graceEnd = null;
    const secret = generateSecret(key.kind === 'REST' ? 'REST_SECRET' : 'GRAPHQL');
    key.previousSecretHash = graceEnd !== null ? key.secretHash : null;
    key.previousSecretExpiresAt = graceEnd !== null ? new Date(graceEnd) : null;
    key.previousSecretLastUsedAt = null;
    key.previousSecretUseCount = 0;
    Object.assign(key, secretColumns(secret));
    key.rotatedAt = now;
    if (expiresAt?.getTime() !== oldExpiry?.getTime()) {
      key.expiresAt = expiresAt;
      key.expiringSoonNotifiedAt = null;
    }
    key.stampUpdated(principal.actor());
    await writeKeyChanges(em, before, key);
    const changes = diffFields(before, key, [...AUDITED_FIELDS]);
    changes.gracePeriodSeconds = { after: graceEnd === null ? 0 : Math.round((graceEnd - now.getTime()) / 1000) };
    await emitKeyEvent(deps.events, em, principal, 'api_key.rotated', key, changes);
    return { apiKey: key, secret };
  });
}
