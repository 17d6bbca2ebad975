import { And, IsNull, LessThanOrEqual, MoreThan } from 'typeorm';
import { Principal } from '../../core/principal';
import { ApiKey } from '../../db/entities/api-key.entity';
import type { Infrastructure } from '../shared/infrastructure';
import { apiKeyStatus, EXPIRING_SOON_MS } from './api-key-status';

/**
 * Emits `api_key.expiring_soon` once per key whose expiry is within 7 days (the webhook dispatcher's
 * timer runs it). The conditional UPDATE makes it once even with several processes sweeping.
 */
export class ExpiringSoonSweep {
  constructor(private readonly deps: Pick<Infrastructure, 'dataSource' | 'tx' | 'events'>) {}

  async run(now = new Date()): Promise<number> {
    const candidates = await this.deps.dataSource.getRepository(ApiKey).find({
      where: {
        expiringSoonNotifiedAt: IsNull(),
        revokedAt: IsNull(),
        expiresAt: And(MoreThan(now), LessThanOrEqual(new Date(now.getTime() + EXPIRING_SOON_MS))),
      },
      take: 500,
    });
    let emitted = 0;
    for (const key of candidates) {
      if (!key.expiresAt || key.expiresAt.getTime() <= now.getTime()) continue;
      const sent = await this.deps.tx.run(async (em) => {
        const res = await em
          .createQueryBuilder()
          .update(ApiKey)
          .set({ expiringSoonNotifiedAt: now })
          .where('id = :id AND expiringSoonNotifiedAt IS NULL', { id: key.id })
          .execute();
        if (!res.affected) return false;
        await this.deps.events.emit(em, Principal.system(key.tenantId), {
          action: 'api_key.expiring_soon',
          tenantId: key.tenantId,
          targetType: 'ApiKey',
          targetId: key.id,
          data: {
            id: key.id,
            name: key.name,
            kind: key.kind,
            prefix: key.prefix,
            status: apiKeyStatus(key, now),
            channelId: key.channelId,
            expiresAt: key.expiresAt!.toISOString(),
          },
          channelId: key.channelId,
        });
        return true;
      });
      if (sent) emitted++;
    }
    return emitted;
  }
}
