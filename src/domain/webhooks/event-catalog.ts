/** Events Keyward itself emits (docs/design.md §7); services emit them through `deps.events`. */
export const BUILT_IN_EVENT_TYPES = [
  'api_key.created',
  'api_key.updated',
  'api_key.rotated',
  'api_key.revoked',
  'api_key.deleted',
  'api_key.expiring_soon',
  'api_key.used_after_revoke',
  'api_key.leaked',
  'webhook.test',
  'webhook.disabled',
] as const;

/** Platform events that authorized callers publish with `publishEvent(type, payload, channelId)`. */
export const PLATFORM_EVENT_TYPES = [
  'order.created',
  'order.updated',
  'order.cancelled',
  'order.fulfilled',
  'order.refunded',
  'product.created',
  'product.updated',
  'product.deleted',
  'price.updated',
  'inventory.updated',
  'customer.created',
  'customer.updated',
  'shipment.created',
  'shipment.updated',
] as const;

export const WEBHOOK_EVENT_TYPES: readonly string[] = [...BUILT_IN_EVENT_TYPES, ...PLATFORM_EVENT_TYPES];

const CATALOG = new Set<string>(WEBHOOK_EVENT_TYPES);
const PLATFORM = new Set<string>(PLATFORM_EVENT_TYPES);

export function isWebhookEventType(type: string): boolean {
  return CATALOG.has(type);
}

export function isPlatformEventType(type: string): boolean {
  return PLATFORM.has(type);
}
