import { randomBytes } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';

export const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` + base64 of 32 random bytes (the Standard Webhooks form). */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** A message id (`msg_` + 32 hex): the `webhook-id` header, stable across attempts. */
export function newMessageId(): string {
  return `msg_${randomBytes(16).toString('hex')}`;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks headers for one attempt. With several secrets (rotation overlap) the
 * signature header is a space-separated list `v1,<sig> v1,<sig>`; any one verifies.
 */
export function signHeaders(secrets: string[], messageId: string, body: string, at: Date = new Date()): SignedHeaders {
  if (secrets.length === 0) throw new Error('no signing secret');
  // Standard Webhooks timestamps are whole seconds; sign exactly what is sent.
  const timestamp = new Date(Math.floor(at.getTime() / 1000) * 1000);
  const signatures = secrets.map((secret) => new StandardWebhook(secret).sign(messageId, timestamp, body));
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}
