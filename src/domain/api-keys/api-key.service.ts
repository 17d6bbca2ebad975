import { Principal } from '../../core/principal';
import { looksLikeSecret } from '../../credentials/tokens';
import { ApiKey } from '../../db/entities/api-key.entity';
import { Tenant } from '../../db/entities/tenant.entity';
import { badInput, KeywardError } from '../../core/errors';
import { optionalText } from '../shared/input-rules';
import {
  MAX_DELETE_IDS,
  REASON_MAX,
  type ApiKeyListArgs,
  type CreateGraphQLApiKeyInput,
  type CreateRestCredentialInput,
  type RotateArgs,
  type UpdateApiKeyInput,
} from './api-key-input';
import { createLimitedKey, createPersonalKey, type CreatedKey } from './api-key-creation';
import { pageApiKeys, type ApiKeyConnectionModel, type ApiKeyListOptions } from './api-key-list';
import { deleteKeys, emitKeyEvent, revokeKey, writeKeyChanges } from './api-key-changes';
import { findKeyInTenant, findOwnSecretKey, scopedKeyQuery } from './api-key-lookup';
import { rotateKey } from './api-key-rotation';
import { renameOwnSecretKey, updateKey } from './api-key-update';
import { diffFields } from '../shared/domain-events';
import type { Infrastructure } from '../shared/infrastructure';
import type { UsageService } from '../usage/usage.service';

/** Why a credential's cached verification must be dropped. */
export type CredentialChange = 'updated' | 'deactivated' | 'rotated' | 'revoked' | 'deleted';
export type CredentialChangedListener = (keyId: string, change: CredentialChange) => void;

/** The reason a key revoked for a reported leak carries. */
export const LEAKED_REVOKE_REASON = 'leaked';

/**
 * The API key lifecycle (docs/design.md §5): GRAPHQL keys, REST client credentials and PERSONAL keys.
 * Secrets leave this service only in the result of create and rotate; only SHA-256 hashes,
 * `prefix` and `last4` are stored.
 */

export class ApiKeyService {
  constructor(
    private readonly deps: Pick<Infrastructure, 'dataSource' | 'tx' | 'events' | 'log'> & {
      /**
       * Called AFTER COMMIT for every key updated, deactivated, rotated, revoked or deleted: request authentication
       * drops its cached verifications.
       */
      onCredentialChanged: CredentialChangedListener;
      /** The USAGE_24H sort key's SQL. */
      usage: Pick<UsageService, 'usage24hSql'>;
    },
  ) {}

  // ---------------------------------------------------------------- reads

  /** Every key of the caller's tenant (a channel-bound caller sees its channel's keys only). */
  async list(principal: Principal, args: ApiKeyListArgs): Promise<ApiKeyConnectionModel> {
    const qb = scopedKeyQuery(this.deps.dataSource.manager, principal);
    return pageApiKeys(qb, args, this.listOptions());
  }

  /** The caller's own PERSONAL keys (nothing for principals that are not users). */
  async listOwnSecretKeys(principal: Principal, args: ApiKeyListArgs): Promise<ApiKeyConnectionModel> {
    const qb = this.deps.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .where('k.tenantId = :tenantId', { tenantId: principal.tenant });
    if (principal.userId)
      qb.andWhere("k.kind = 'PERSONAL' AND k.ownerId = :ownUserId", { ownUserId: principal.userId });
    else qb.andWhere('1 = 0');
    return pageApiKeys(qb, args, { ...this.listOptions(), ownKeys: true });
  }

  /** The key, or null when the caller's tenant has no such key. */
  async get(principal: Principal, id: string): Promise<ApiKey | null> {
    return scopedKeyQuery(this.deps.dataSource.manager, principal).andWhere('k.id = :id', { id }).getOne();
  }

  // ---------------------------------------------------------------- create

  async createGraphQLKey(principal: Principal, input: CreateGraphQLApiKeyInput): Promise<CreatedKey> {
    return createLimitedKey(this.deps, principal, 'GRAPHQL', input, input.channelId ?? null);
  }

  async createRestCredential(
    principal: Principal,
    input: CreateRestCredentialInput,
  ): Promise<{ apiKey: ApiKey; clientId: string; clientSecret: string }> {
    const { apiKey, secret } = await createLimitedKey(this.deps, principal, 'REST', input, null);
    return { apiKey, clientId: apiKey.clientId!, clientSecret: secret };
  }

  /** A PERSONAL key acting as the calling user; at most one active (not revoked, not expired) per user. */
  async createSecretKey(principal: Principal, title: string): Promise<CreatedKey> {
    return createPersonalKey(this.deps, principal, title);
  }

  // ---------------------------------------------------------------- update

  async update(principal: Principal, id: string, input: UpdateApiKeyInput): Promise<ApiKey> {
    const { key, change } = await updateKey(this.deps, principal, id, input);
    if (change) this.notify([key.id], change);
    return key;
  }

  /** Renames one of the caller's own PERSONAL keys. */
  async updateOwnSecretKey(principal: Principal, id: string, title: string): Promise<ApiKey> {
    const { key, change } = await renameOwnSecretKey(this.deps, principal, id, title);
    if (change) this.notify([key.id], change);
    return key;
  }

  // ---------------------------------------------------------------- rotate

  /** A new secret; the old one stops at once or after a grace period (api-key-rotation). */
  async rotate(principal: Principal, id: string, args: RotateArgs): Promise<CreatedKey> {
    const result = await rotateKey(this.deps, principal, id, args);
    this.notify([result.apiKey.id], 'rotated');
    return result;
  }

  // ---------------------------------------------------------------- revoke

  async revoke(principal: Principal, id: string, reason?: string | null): Promise<ApiKey> {
    const why = optionalText('reason', reason, REASON_MAX, 'reason');
    const key = await this.deps.tx.run(async (em) =>
      revokeKey(this.deps.events, em, principal, await findKeyInTenant(em, principal, id, 'id'), why),
    );
    this.notify([key.id], 'revoked');
    return key;
  }

  async revokeOwnSecretKey(principal: Principal, id: string): Promise<ApiKey> {
    const key = await this.deps.tx.run(async (em) =>
      revokeKey(this.deps.events, em, principal, await findOwnSecretKey(em, principal, id), null),
    );
    this.notify([key.id], 'revoked');
    return key;
  }

  // ---------------------------------------------------------------- leaks

  /**
   * A leak of the secret with this SHA-256 was reported (docs/design.md §15). The key whose current or
   * rotated-out secret it is gets leakedAt, leakSource and the event `api_key.leaked` (actor SYSTEM);
   * with its tenant's leakedKeyAction REVOKE it is also revoked at once (reason "leaked") through the
   * revoke path. A key already reported leaked is left as it is (reports are repeated). Returns
   * whether the hash is a Keyward key's.
   */
  async reportLeaked(secretHash: string, source: string | null): Promise<boolean> {
    const outcome = await this.deps.tx.run(async (em) => {
      const qb = em
        .createQueryBuilder(ApiKey, 'k')
        .where('k.secretHash = :hash OR k.previousSecretHash = :hash', { hash: secretHash });
      if (this.deps.tx.dialect === 'mysql') qb.setLock('pessimistic_write');
      const key = await qb.getOne();
      if (!key) return null;
      if (key.leakedAt) return { key, revoked: false };
      const tenant = await em.findOne(Tenant, { where: { id: key.tenantId } });
      const system = Principal.system(key.tenantId);
      const before = { ...key };
      key.leakedAt = new Date();
      key.leakSource = source;
      key.stampUpdated(system.actor());
      await writeKeyChanges(em, before, key);
      await emitKeyEvent(
        this.deps.events,
        em,
        system,
        'api_key.leaked',
        key,
        diffFields(before, key, ['leakedAt', 'leakSource']),
      );
      const revoke = tenant?.leakedKeyAction !== 'NOTIFY' && !key.revokedAt;
      if (revoke) await revokeKey(this.deps.events, em, system, key, LEAKED_REVOKE_REASON);
      return { key, revoked: revoke };
    });
    if (outcome?.revoked) this.notify([outcome.key.id], 'revoked');
    return outcome !== null;
  }

  // ---------------------------------------------------------------- delete

  /** All or nothing: an id not in the caller's tenant answers NOT_FOUND naming it, and nothing is deleted. */
  async delete(principal: Principal, ids: string[]): Promise<{ deletedIds: string[] }> {
    if (ids.length > MAX_DELETE_IDS) throw badInput('ids', `Delete at most ${MAX_DELETE_IDS} keys at once`);
    const unique = [...new Set(ids)];
    if (unique.length === 0) return { deletedIds: [] };
    const deletedIds = await this.deps.tx.run(async (em) => {
      // locked (MySQL/MariaDB): the rows deleted are the rows read, revoked or not (TenantKeyCount)
      const qb = scopedKeyQuery(em, principal).andWhere('k.id IN (:...ids)', { ids: unique });
      if (this.deps.tx.dialect === 'mysql') qb.setLock('pessimistic_write');
      const found = await qb.getMany();
      const byId = new Map(found.map((key) => [key.id, key]));
      const keys = unique.map((id) => {
        const key = byId.get(id);
        // never echo something shaped like a secret (a pasted key) back into an error
        if (!key)
          throw new KeywardError(
            'NOT_FOUND',
            `API key ${looksLikeSecret(id) ? `ids[${ids.indexOf(id)}]` : `"${id}"`} not found`,
            { field: `ids[${ids.indexOf(id)}]` },
          );
        return key;
      });
      return deleteKeys(this.deps.events, em, principal, keys, (key) => `ids[${ids.indexOf(key.id)}]`);
    });
    this.notify(deletedIds, 'deleted');
    return { deletedIds };
  }

  async deleteOwnSecretKey(principal: Principal, id: string): Promise<{ deletedIds: string[] }> {
    const deletedIds = await this.deps.tx.run(async (em) =>
      deleteKeys(this.deps.events, em, principal, [await findOwnSecretKey(em, principal, id)], () => 'id'),
    );
    this.notify(deletedIds, 'deleted');
    return { deletedIds };
  }

  // ---------------------------------------------------------------- internals

  private notify(ids: string[], change: CredentialChange): void {
    const listener = this.deps.onCredentialChanged;
    for (const id of ids) {
      try {
        listener(id, change);
      } catch (error) {
        this.deps.log.warn({ err: error, keyId: id, change }, 'credential change listener failed');
      }
    }
  }

  private listOptions(): ApiKeyListOptions {
    return { dialect: this.deps.tx.dialect, usage24hSql: () => this.deps.usage.usage24hSql() };
  }
}
