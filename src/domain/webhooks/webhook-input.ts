import type { DataSource } from 'typeorm';
import type { Config } from '../../config/config';
import type { Principal } from '../../core/principal';
import { badInput, notFound } from '../../core/errors';
import { Channel } from '../../db/entities/channel.entity';
import { channelScope } from '../channels/channel-scope';
import { isWebhookEventType } from './event-catalog';
import { checkUrlSyntax, resolveWebhookTarget, SsrfError } from './ssrf-guard';

// Webhook inputs and their checks: endpoint URL, event types, channel, secret grace period.

export interface CreateWebhookInput {
  url: URL | string;
  events: string[];
  description?: string | null;
  channelId?: string | null;
  active?: boolean | null;
}

export type UpdateWebhookInput = Partial<{ [K in keyof CreateWebhookInput]: CreateWebhookInput[K] | null }>;

/** Longest overlap of a rotated signing secret. */
export const MAX_SECRET_GRACE_SECONDS = 7 * 24 * 3600;

/** An endpoint URL, normalised; a blocked address is refused, a name that does not resolve yet is accepted. */
export async function checkWebhookUrl(
  config: Pick<Config, 'webhookAllowPrivate' | 'production'>,
  raw: string,
  field: string,
): Promise<string> {
  const options = { allowPrivate: config.webhookAllowPrivate, requireHttps: config.production };
  if (raw.length > 2048) throw badInput(field, 'url must be at most 2048 characters');
  const syntax = checkUrlSyntax(raw, options);
  if ('reason' in syntax) throw badInput(field, `url ${syntax.reason}`);
  try {
    await resolveWebhookTarget(raw, options);
  } catch (error) {
    // A name that does not resolve now may later; delivery checks again. A blocked address is refused.
    if (error instanceof SsrfError && !/does not resolve/.test(error.message)) throw badInput(field, error.message);
  }
  return syntax.url.toString();
}

/** At least one catalog event type; duplicates dropped. */
export function checkEventTypes(events: string[], field: string): string[] {
  if (events.length === 0) throw badInput(field, 'Subscribe to at least one event type');
  events.forEach((type, i) => {
    if (!isWebhookEventType(type))
      throw badInput(`${field}[${i}]`, `Unknown event type "${type}"; see webhookEventTypes`);
  });
  return [...new Set(events)];
}

/**
 * The channel of a webhook or published event: a channel-bound key works only in its own channel
 * (its channel is the default); a channel outside the caller's tenant is NOT_FOUND.
 */
export async function checkWebhookChannel(
  dataSource: DataSource,
  principal: Principal,
  requested: string | null,
  field: string,
): Promise<string | null> {
  const channelId = channelScope.bind(principal, requested, field);
  if (channelId === null) return null;
  const channel = await dataSource.getRepository(Channel).findOneBy({ id: channelId, tenantId: principal.tenant });
  if (!channel) throw notFound('Channel', field);
  return channel.id;
}

/** The overlap of a rotated signing secret in seconds: 0 (none) to 7 days. */
export function checkGracePeriod(gracePeriodSeconds: number | null | undefined): number {
  const grace = gracePeriodSeconds ?? 0;
  if (!Number.isInteger(grace) || grace < 0 || grace > MAX_SECRET_GRACE_SECONDS) {
    throw badInput(
      'gracePeriodSeconds',
      `gracePeriodSeconds must be between 0 and ${MAX_SECRET_GRACE_SECONDS} (7 days)`,
    );
  }
  return grace;
}
