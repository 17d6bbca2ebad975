import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config';
import type { MasterKey } from '../../crypto/master-key';
import { WebhookAttempt } from '../../db/entities/webhook-attempt.entity';
import type { ActorRef } from '../../db/entities/columns';
import type { WebhookMessage } from '../../db/entities/webhook-message.entity';
import type { Webhook } from '../../db/entities/webhook.entity';
import { deliver, type DeliveryResult } from './delivery';
import { DestinationAgents } from './destination-agents';
import { signHeaders } from './signing';
import type { Resolver } from './ssrf-guard';

export const secretContext = (webhookId: string) => `webhook-secret:${webhookId}`;

/** Signs and sends one message to one webhook; shared by the dispatcher and sendTestWebhook. */
export class WebhookSender {
  private readonly agents = new DestinationAgents();

  constructor(
    private readonly config: Config,
    private readonly masterKey: MasterKey,
    private readonly options: { timeoutMs?: number; resolver?: Resolver } = {},
  ) {}

  sealSecret(webhookId: string, secret: string): string {
    return this.masterKey.seal(secret, secretContext(webhookId));
  }

  /** The current secret, plus the previous one while its rotation overlap lasts. */
  secretsOf(webhook: Webhook, now = new Date()): string[] {
    const secrets = [this.masterKey.open(webhook.secretSealed, secretContext(webhook.id)).toString('utf8')];
    if (
      webhook.previousSecretSealed &&
      webhook.previousSecretExpiresAt &&
      webhook.previousSecretExpiresAt.getTime() > now.getTime()
    ) {
      secrets.push(this.masterKey.open(webhook.previousSecretSealed, secretContext(webhook.id)).toString('utf8'));
    }
    return secrets;
  }

  async send(webhook: Webhook, message: WebhookMessage, signal?: AbortSignal): Promise<DeliveryResult> {
    const headers = signHeaders(this.secretsOf(webhook), message.id, message.payload);
    return deliver(
      { url: webhook.url, headers: { ...headers }, body: message.payload },
      {
        allowPrivate: this.config.webhookAllowPrivate,
        requireHttps: this.config.production,
        timeoutMs: this.options.timeoutMs,
        resolver: this.options.resolver,
        signal,
        agents: this.agents,
      },
    );
  }

  /** Closes the pooled connections (shutdown, after the dispatcher stopped). */
  close(): void {
    this.agents.destroy();
  }

  /** The attempt row for a result (not yet saved), made by `actor` (the dispatcher: SYSTEM_ACTOR). */
  static attemptOf(
    webhook: Webhook,
    message: WebhookMessage,
    result: DeliveryResult,
    at: Date,
    actor: ActorRef,
  ): WebhookAttempt {
    return Object.assign(new WebhookAttempt(), {
      id: randomUUID(),
      tenantId: webhook.tenantId,
      messageId: message.id,
      webhookId: webhook.id,
      eventType: message.eventType,
      statusCode: result.statusCode,
      responseBody: result.responseBody,
      error: result.error ? result.error.slice(0, 1000) : null,
      durationMs: result.durationMs,
      attemptedAt: at,
      createdAt: at,
    }).stampCreated(actor);
  }
}
