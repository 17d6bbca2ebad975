import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Principal } from '../../src/core/principal';
import type { DomainEvent } from '../../src/domain/shared/domain-events';
import type { Keyward } from '../../src/server/keyward';
import { WebhookDispatcher, type DispatcherOptions } from '../../src/domain/webhooks/dispatcher';

export interface ReceivedRequest {
  id: string;
  timestamp: string;
  signature: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: any };
  receivedAt: number;
  /** The client's port: one per connection (keep-alive reuse shows as repeats). */
  remotePort: number;
}

export interface Reply {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (the request hangs until the client gives up). */
  hang?: boolean;
}

/** A real HTTP endpoint on 127.0.0.1 that records every webhook it receives. */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Decides the answer for each request (default 200). */
  respond: (req: ReceivedRequest, index: number) => Reply | Promise<Reply> = () => ({ status: 200, body: 'ok' });
  private server: http.Server | undefined;
  private readonly hanging = new Set<http.ServerResponse>();
  inFlight = 0;
  maxInFlightPerId = new Map<string, number>();
  private readonly inFlightById = new Map<string, number>();

  /** `keepAliveMs`: how long the endpoint keeps an idle connection (announced as Keep-Alive: timeout=…). */
  constructor(private readonly options: { keepAliveMs?: number } = {}) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const received: ReceivedRequest = {
          id: String(req.headers['webhook-id']),
          timestamp: String(req.headers['webhook-timestamp']),
          signature: String(req.headers['webhook-signature']),
          headers: req.headers,
          body,
          json: JSON.parse(body || 'null'),
          receivedAt: Date.now(),
          remotePort: req.socket.remotePort ?? 0,
        };
        const index = this.requests.push(received) - 1;
        const current = (this.inFlightById.get(received.id) ?? 0) + 1;
        this.inFlightById.set(received.id, current);
        this.maxInFlightPerId.set(received.id, Math.max(current, this.maxInFlightPerId.get(received.id) ?? 0));
        this.inFlight++;
        const done = () => {
          this.inFlight--;
          this.inFlightById.set(received.id, (this.inFlightById.get(received.id) ?? 1) - 1);
        };
        const reply = await this.respond(received, index);
        if (reply.hang) {
          this.hanging.add(res);
          res.on('close', done);
          return;
        }
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '', done);
      });
    });
    this.server.keepAliveTimeout = this.options.keepAliveMs ?? 1000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hook`;
  }

  /** Verifies a request with the Standard Webhooks library (throws when it does not verify). */
  static verify(secret: string, request: ReceivedRequest): unknown {
    return new StandardWebhook(secret).verify(request.body, {
      'webhook-id': request.id,
      'webhook-timestamp': request.timestamp,
      'webhook-signature': request.signature,
    });
  }

  ofType(type: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.json?.type === type);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 15_000,
  intervalMs = 20,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A dispatcher polling fast, for tests (caller stops it). */
export function testDispatcher(kw: Keyward, options: DispatcherOptions = {}): WebhookDispatcher {
  const { webhooks } = kw.services;
  return new WebhookDispatcher(kw.infrastructure, webhooks.sender, {
    pollIntervalMs: 20,
    sweepIntervalMs: 0,
    outbox: webhooks.outbox,
    ...options,
  });
}

/** Emits a domain event in its own transaction, as another service would. */
export async function emitEvent(kw: Keyward, event: DomainEvent): Promise<void> {
  const { tx, events } = kw.infrastructure;
  await tx.run((em) => events.emit(em, Principal.system(event.tenantId), event));
}

export const apiKeyEvent = (
  tenantId: string,
  action: string,
  id: string,
  channelId: string | null = null,
): DomainEvent => ({
  action,
  tenantId,
  targetType: 'ApiKey',
  targetId: id,
  data: { id, name: 'Partner ERP', kind: 'GRAPHQL', prefix: 'kwk_AbCdEfGh', status: 'ACTIVE', channelId },
  channelId,
});

export const WEBHOOK_FIELDS =
  'id url description events active channelId previousSecretExpiresAt secretRotatedAt failingSince disabledAt disabledReason lastDeliveryAt createdAt updatedAt createdBy { __typename ... on User { id } } updatedBy { ... on User { id } }';

export const CREATE_WEBHOOK = `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret webhook { ${WEBHOOK_FIELDS} } } }`;

/** A WebhookReceiver for a describe block: listening from beforeAll, closed in afterAll. */
export function webhookReceiverForSuite(options: { keepAliveMs?: number } = {}): WebhookReceiver {
  const receiver = new WebhookReceiver(options);
  beforeAll(() => receiver.start());
  afterAll(() => receiver.close());
  return receiver;
}
