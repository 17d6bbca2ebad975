import { IsNull, type EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import { ApiKey } from '../../db/entities/api-key.entity';
import { Channel } from '../../db/entities/channel.entity';
import { Webhook } from '../../db/entities/webhook.entity';
import { badInput, conflict, notFound } from '../../core/errors';
import { paginate, type Connection, type PageArgs } from '../../db/pagination/connection';
import { channelScope } from './channel-scope';
import { diffFields } from '../shared/domain-events';
import {
  DESCRIPTION_MAX,
  mapUniqueViolation,
  NAME_MAX,
  notNull,
  optionalText,
  requireText,
  rowLock,
} from '../shared/input-rules';
import type { Infrastructure } from '../shared/infrastructure';

export interface ChannelInput {
  code?: string | null;
  name?: string | null;
  description?: string | null;
}

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The public view of a channel (events, webhooks). */
export function channelView(channel: Channel) {
  return { id: channel.id, code: channel.code, name: channel.name, description: channel.description };
}
const FIELDS: Array<keyof ReturnType<typeof channelView>> = ['code', 'name', 'description'];

/** Sales channels (docs/design.md §3): code unique per tenant. */
export class ChannelService {
  constructor(private readonly deps: Pick<Infrastructure, 'dataSource' | 'tx' | 'events'>) {}

  list(principal: Principal, args: PageArgs): Promise<Connection<Channel>> {
    const qb = channelScope.where(
      this.deps.dataSource
        .getRepository(Channel)
        .createQueryBuilder('c')
        .where('c.tenantId = :tenantId', { tenantId: principal.tenant }),
      principal,
      'c.id',
    );
    return paginate(qb, args, [
      { expression: 'c.code', property: 'code', direction: 'ASC', type: 'string' },
      { expression: 'c.id', property: 'id', direction: 'ASC', type: 'string' },
    ]);
  }

  async byId(principal: Principal, args: { id: string }): Promise<Channel> {
    return this.find(this.deps.dataSource.manager, principal, args.id);
  }

  async create(principal: Principal, args: { input: ChannelInput & { code: string; name: string } }): Promise<Channel> {
    channelScope.assertTenantWide(principal, 'create channels');
    return this.deps.tx.run(async (em) => {
      const values = this.validate(args.input, true);
      await this.assertCodeFree(em, principal.tenant, values.code!, null);
      const channel = em
        .create(Channel, {
          tenantId: principal.tenant,
          code: values.code!,
          name: values.name!,
          description: values.description ?? null,
        })
        .stampCreated(principal.actor());
      await mapUniqueViolation('input.code', 'A channel with this code exists', () => em.save(channel));
      await this.deps.events.emit(em, principal, {
        action: 'channel.created',
        tenantId: principal.tenant,
        targetType: 'Channel',
        targetId: channel.id,
        changes: diffFields({}, channelView(channel), FIELDS),
        data: channelView(channel),
        channelId: channel.id,
      });
      return channel;
    });
  }

  async update(principal: Principal, args: { id: string; input: ChannelInput }): Promise<Channel> {
    return this.deps.tx.run(async (em) => {
      const channel = await this.find(em, principal, args.id, true);
      const values = this.validate(args.input, false);
      const before = channelView(channel);
      if (values.code != null && values.code !== channel.code)
        await this.assertCodeFree(em, principal.tenant, values.code, channel.id);
      Object.assign(channel, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)));
      const changes = diffFields(before, channelView(channel), FIELDS);
      if (Object.keys(changes).length === 0) return channel;
      channel.stampUpdated(principal.actor());
      await mapUniqueViolation('input.code', 'A channel with this code exists', () => em.save(channel));
      await this.deps.events.emit(em, principal, {
        action: 'channel.updated',
        tenantId: principal.tenant,
        targetType: 'Channel',
        targetId: channel.id,
        changes,
        data: channelView(channel),
        channelId: channel.id,
      });
      return channel;
    });
  }

  /**
   * Deletes a channel nothing live is bound to. Deleting one with unrevoked channel-bound keys or
   * channel-filtered webhooks would unbind them (the foreign keys set null): the keys would see every
   * channel and the webhooks get every channel's events. So that is refused (CONFLICT) until those
   * keys are revoked and those webhooks deleted or re-pointed; revoked keys just lose the binding.
   * The row lock taken here orders it with concurrent creates bound to the channel (their foreign-key
   * check waits for it).
   */
  async delete(principal: Principal, args: { id: string }): Promise<string> {
    return this.deps.tx.run(async (em) => {
      const channel = await this.find(em, principal, args.id, true);
      const keys = await em.countBy(ApiKey, { tenantId: principal.tenant, channelId: channel.id, revokedAt: IsNull() });
      const webhooks = await em.countBy(Webhook, { tenantId: principal.tenant, channelId: channel.id });
      if (keys + webhooks > 0) {
        const bound = [
          keys > 0 ? `${keys} unrevoked key${keys === 1 ? '' : 's'}` : '',
          webhooks > 0 ? `${webhooks} webhook${webhooks === 1 ? '' : 's'}` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        throw conflict(
          'id',
          `Channel "${channel.code}" still has ${bound} bound to it; deleting it would extend them to every channel. Revoke those keys and delete the webhooks or change their channel first`,
        );
      }
      await em.delete(Channel, { id: channel.id, tenantId: principal.tenant });
      await this.deps.events.emit(em, principal, {
        action: 'channel.deleted',
        tenantId: principal.tenant,
        targetType: 'Channel',
        targetId: channel.id,
        changes: diffFields(channelView(channel), {}, FIELDS),
        data: channelView(channel),
        channelId: channel.id,
      });
      return channel.id;
    });
  }

  private async find(em: EntityManager, principal: Principal, id: string, lock = false): Promise<Channel> {
    const channel = await em.findOne(Channel, {
      where: { id, tenantId: principal.tenant },
      ...(lock ? rowLock(this.deps.tx.dialect) : {}),
    });
    if (!channel || !channelScope.allows(principal, channel.id)) throw notFound('Channel', 'id');
    return channel;
  }

  private validate(input: ChannelInput, creating: boolean): ChannelInput {
    const out: ChannelInput = {};
    const code = creating ? input.code : notNull('input.code', input.code);
    if (code !== undefined && code !== null) {
      const trimmed = code.trim();
      if (!CODE.test(trimmed))
        throw badInput(
          'input.code',
          'Code must be 1–64 letters, digits, "_", "-" or "." and start with a letter or digit',
        );
      out.code = trimmed;
    }
    const name = creating ? input.name : notNull('input.name', input.name);
    if (name !== undefined && name !== null) out.name = requireText('input.name', name, 1, NAME_MAX, 'Name');
    if (input.description !== undefined)
      out.description = optionalText('input.description', input.description, DESCRIPTION_MAX, 'Description');
    return out;
  }

  private async assertCodeFree(
    em: EntityManager,
    tenantId: string,
    code: string,
    exceptId: string | null,
  ): Promise<void> {
    const existing = await em
      .getRepository(Channel)
      .createQueryBuilder('c')
      .where('c.tenantId = :tenantId', { tenantId })
      .andWhere('LOWER(c.code) = LOWER(:code)', { code })
      .getOne();
    if (existing && existing.id !== exceptId) throw conflict('input.code', `A channel with code "${code}" exists`);
  }
}
