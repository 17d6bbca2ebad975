import type { Principal } from '../../core/principal';
import { badInput, conflict } from '../../core/errors';
import type { ApiKey } from '../../db/entities/api-key.entity';
import { diffFields, type FieldChange } from '../shared/domain-events';
import type { Infrastructure } from '../shared/infrastructure';
import { checkRateLimit, DESCRIPTION_MAX, NAME_MAX, optionalText, requireText } from '../shared/input-rules';
import { AUDITED_FIELDS, emitKeyEvent, writeKeyChanges } from './api-key-changes';
import { changeKeyGroup, replaceKeyGrants } from './api-key-grants';
import { checkIpAllowlist, NAME_MIN, type UpdateApiKeyInput } from './api-key-input';
import { findKeyInTenant, findOwnSecretKey } from './api-key-lookup';

type UpdateDeps = Pick<Infrastructure, 'tx' | 'events'>;

/** An updated key, and what its cached verifications must learn: nothing changed (null), changed or deactivated. */
export interface KeyUpdate {
  key: ApiKey;
  change: 'updated' | 'deactivated' | null;
}

/** Changes the fields `input` names; bad input changes nothing, an unchanged key emits no event. */
export async function updateKey(
  deps: UpdateDeps,
  principal: Principal,
  id: string,
  input: UpdateApiKeyInput,
): Promise<KeyUpdate> {
  const has = (field: keyof UpdateApiKeyInput) =>
    Object.prototype.hasOwnProperty.call(input, field) && input[field] !== undefined;
  // Input checks first: bad input changes nothing.
  const name = has('name') ? requireText('input.name', input.name, NAME_MIN, NAME_MAX, 'Name') : undefined;
  const description = has('description')
    ? optionalText('input.description', input.description, DESCRIPTION_MAX, 'Description')
    : undefined;
  if (has('active') && input.active === null) throw badInput('input.active', 'active must be true or false');
  const ipAllowlist = has('ipAllowlist') ? checkIpAllowlist(input.ipAllowlist, 'input.ipAllowlist') : undefined;
  const rateLimit = has('rateLimitPerMinute')
    ? checkRateLimit(input.rateLimitPerMinute, 'input.rateLimitPerMinute')
    : undefined;
  if (has('grants') && input.grants === null)
    throw badInput('input.grants', 'Pass a list of grants (empty to remove all)');

  let change: KeyUpdate['change'] = null;
  const key = await deps.tx.run(async (em) => {
    const key = await findKeyInTenant(em, principal, id, 'id');
    const before = { ...key, ipAllowlist: [...key.ipAllowlist] };
    const extra: Record<string, FieldChange> = {};
    if (name !== undefined) key.name = name;
    if (description !== undefined) key.description = description;
    if (has('active')) {
      if (input.active && key.revokedAt) throw conflict('input.active', 'A revoked key cannot be re-activated');
      key.active = input.active!;
    }
    if (ipAllowlist !== undefined) key.ipAllowlist = ipAllowlist;
    if (rateLimit !== undefined) key.rateLimitPerMinute = rateLimit;
    if (has('authorizationGroupId')) {
      if (key.kind === 'PERSONAL' && input.authorizationGroupId) {
        throw badInput(
          'input.authorizationGroupId',
          "Personal keys act with their owner's grants; they take no authorization group",
        );
      }
      key.authorizationGroupId =
        (
          await changeKeyGroup(
            em,
            principal,
            key.authorizationGroupId,
            input.authorizationGroupId ?? null,
            'input.authorizationGroupId',
          )
        )?.id ?? null;
    }
    if (has('grants')) {
      const grants = await replaceKeyGrants(em, principal, key, input.grants!, 'input.grants');
      if (grants) extra.grants = grants;
    }
    const changes = { ...diffFields(before, key, [...AUDITED_FIELDS]), ...extra };
    if (Object.keys(changes).length === 0) return key;
    key.stampUpdated(principal.actor());
    await writeKeyChanges(em, before, key);
    await emitKeyEvent(deps.events, em, principal, 'api_key.updated', key, changes);
    change = before.active && !key.active ? 'deactivated' : 'updated';
    return key;
  });
  return { key, change };
}

/** Renames one of the caller's own PERSONAL keys. */
export async function renameOwnSecretKey(
  deps: UpdateDeps,
  principal: Principal,
  id: string,
  title: string,
): Promise<KeyUpdate> {
  const name = requireText('title', title, NAME_MIN, NAME_MAX, 'Title');
  let change: KeyUpdate['change'] = null;
  const key = await deps.tx.run(async (em) => {
    const key = await findOwnSecretKey(em, principal, id);
    if (key.name === name) return key;
    const before = { ...key };
    const changes = { name: { before: key.name, after: name } };
    key.name = name;
    key.stampUpdated(principal.actor());
    await writeKeyChanges(em, before, key);
    await emitKeyEvent(deps.events, em, principal, 'api_key.updated', key, changes);
    change = 'updated';
    return key;
  });
  return { key, change };
}
