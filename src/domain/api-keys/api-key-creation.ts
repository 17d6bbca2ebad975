import type { Principal } from '../../core/principal';
import { notFound, forbidden, limitExceeded } from '../../core/errors';
import { generateClientId, generateSecret, type SecretKind } from '../../credentials/tokens';
import { ApiKey } from '../../db/entities/api-key.entity';
import { Channel } from '../../db/entities/channel.entity';
import { Tenant } from '../../db/entities/tenant.entity';
import { User } from '../../db/entities/user.entity';
import { channelScope } from '../channels/channel-scope';
import { insertNewGrants } from '../roles/grants';
import { diffFields } from '../shared/domain-events';
import type { Infrastructure } from '../shared/infrastructure';
import { checkRateLimit, DESCRIPTION_MAX, NAME_MAX, optionalText, requireText, rowLock } from '../shared/input-rules';
import { AUDITED_FIELDS, clearLifecycle, emitKeyEvent, insertKey, secretColumns } from './api-key-changes';
import { changeKeyGroup } from './api-key-grants';
import { checkExpiresAt, checkIpAllowlist, NAME_MIN, type KeyInputBase } from './api-key-input';
import { takeLimitedKeyPlace } from './api-key-limit';
import { publicApiKeyView } from './api-key-view';

type CreationDeps = Pick<Infrastructure, 'tx' | 'events'>;

/** A new key and its secret: the only time the secret leaves Keyward. */
export interface CreatedKey {
  apiKey: ApiKey;
  secret: string;
}

/** A GRAPHQL key or REST credential, within the tenant's limit of both (LIMIT_EXCEEDED beyond it). */
export async function createLimitedKey(
  deps: CreationDeps,
  principal: Principal,
  kind: 'GRAPHQL' | 'REST',
  input: KeyInputBase,
  channelId: string | null,
): Promise<CreatedKey> {
  const now = new Date();
  const name = requireText('input.name', input.name, NAME_MIN, NAME_MAX, 'Name');
  const description = optionalText('input.description', input.description, DESCRIPTION_MAX, 'Description');
  const expiresAt = checkExpiresAt(input.expiresAt, 'input.expiresAt', now);
  const ipAllowlist = checkIpAllowlist(input.ipAllowlist, 'input.ipAllowlist');
  const rateLimitPerMinute = checkRateLimit(input.rateLimitPerMinute, 'input.rateLimitPerMinute');
  // off until an admin switches it on (docs/design.md §9: REST credentials take the GraphQL keys' fields, default
  // included)
  const active = input.active ?? false;
  if (kind === 'REST') channelScope.assertTenantWide(principal, 'create REST credentials (they carry no channel)');
  else channelId = channelScope.bind(principal, channelId, 'input.channelId');
  return deps.tx.run(async (em) => {
    if (channelId) {
      const channel = await em.findOne(Channel, { where: { id: channelId, tenantId: principal.tenant } });
      if (!channel) throw notFound('Channel', 'input.channelId');
    }
    const group = await changeKeyGroup(
      em,
      principal,
      null,
      input.authorizationGroupId ?? null,
      'input.authorizationGroupId',
    );
    const tenantId = principal.tenant;
    const secret = generateSecret(kind === 'REST' ? 'REST_SECRET' : ('GRAPHQL' satisfies SecretKind));
    const key = em.create(ApiKey, {
      tenantId,
      kind,
      name,
      description,
      active,
      ...secretColumns(secret),
      clientId: kind === 'REST' ? generateClientId() : null,
      expiresAt,
      ipAllowlist,
      rateLimitPerMinute,
      channelId,
      authorizationGroupId: group?.id ?? null,
      ownerId: principal.userId,
    });
    clearLifecycle(key);
    key.stampCreated(principal.actor());
    await insertKey(em, key);
    const grants = await insertNewGrants(em, principal, 'API_KEY', key.id, input.grants ?? [], 'input.grants');
    const changes = diffFields({}, publicApiKeyView(key, now), [...AUDITED_FIELDS, 'kind']);
    changes.grants = { before: [], after: grants };
    await emitKeyEvent(deps.events, em, principal, 'api_key.created', key, changes);
    // The limit must hold under concurrent creates: the tenant's counter goes up (its row locked until
    // COMMIT) or LIMIT_EXCEEDED rolls the INSERTs back. Last, so the row is held only to COMMIT.
    await takeLimitedKeyPlace(deps.events, em, tenantId);
    return { apiKey: key, secret };
  });
}

/** A PERSONAL key acting as the calling user; at most one active (not revoked, not expired) per user. */
export async function createPersonalKey(deps: CreationDeps, principal: Principal, title: string): Promise<CreatedKey> {
  if (principal.type !== 'USER' || !principal.userId) throw forbidden('Only users can create personal keys');
  const name = requireText('title', title, NAME_MIN, NAME_MAX, 'Title');
  const userId = principal.userId;
  return deps.tx.run(async (em) => {
    const now = new Date();
    // Lock order tenant → user (as in createLimited, whose insert checks the user's foreign key).
    await em.findOne(Tenant, { where: { id: principal.tenant }, ...rowLock(deps.tx.dialect, 'pessimistic_read') });
    const user = await em.findOne(User, {
      where: { id: userId, tenantId: principal.tenant },
      ...rowLock(deps.tx.dialect),
    });
    if (!user) throw notFound('User');
    const active = await em
      .createQueryBuilder(ApiKey, 'k')
      .where("k.tenantId = :tenantId AND k.kind = 'PERSONAL' AND k.ownerId = :userId AND k.revokedAt IS NULL", {
        tenantId: principal.tenant,
        userId,
      })
      .andWhere('(k.expiresAt IS NULL OR k.expiresAt > :now)', { now })
      .getCount();
    if (active > 0)
      throw limitExceeded('You already have an active personal key; revoke it before creating another', 'title');
    const secret = generateSecret('PERSONAL');
    const key = em.create(ApiKey, {
      tenantId: principal.tenant,
      kind: 'PERSONAL',
      name,
      description: null,
      active: true,
      ...secretColumns(secret),
      clientId: null,
      expiresAt: null,
      ipAllowlist: [],
      rateLimitPerMinute: null,
      channelId: null,
      authorizationGroupId: null,
      ownerId: userId,
    });
    clearLifecycle(key);
    key.stampCreated(principal.actor());
    await insertKey(em, key);
    await emitKeyEvent(
      deps.events,
      em,
      principal,
      'api_key.created',
      key,
      diffFields({}, publicApiKeyView(key, now), [...AUDITED_FIELDS, 'kind']),
    );
    return { apiKey: key, secret };
  });
}
