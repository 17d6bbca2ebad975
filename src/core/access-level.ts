export const ACCESS_LEVELS = ['VIEWER', 'EDITOR', 'OWNER'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

const RANK: Record<AccessLevel, number> = { VIEWER: 1, EDITOR: 2, OWNER: 3 };

export function levelRank(level: AccessLevel): number {
  return RANK[level];
}

/** True when `held` implies `required` (a grant at a level implies the lower ones). */
export function levelSatisfies(held: AccessLevel | undefined, required: AccessLevel): boolean {
  return held !== undefined && RANK[held] >= RANK[required];
}

export function maxLevel(a: AccessLevel | undefined, b: AccessLevel): AccessLevel {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

/** Areas seeded for every tenant (docs/design.md §3). */
export const BUILT_IN_ROLES = [
  { key: 'PRODUCT_DATA', name: 'Product data' },
  { key: 'LOGISTICS', name: 'Logistics' },
  { key: 'CONFIGURATION', name: 'Configuration' },
  { key: 'ORDER_DATA', name: 'Order data' },
  { key: 'PRICING', name: 'Pricing' },
  { key: 'ROLE_AND_PERMISSION', name: 'Roles and permissions' },
  { key: 'SHOP_AND_CHANNEL', name: 'Shops and channels' },
  { key: 'USER', name: 'Users' },
  { key: 'API_KEY', name: 'API keys' },
  { key: 'WEBHOOK', name: 'Webhooks' },
  { key: 'AUDIT_LOG', name: 'Audit log' },
] as const;
export type BuiltInRole = (typeof BUILT_IN_ROLES)[number]['key'];

const BUILT_IN_KEYS = new Set<string>(BUILT_IN_ROLES.map((role) => role.key));

export function isBuiltInRole(key: string): boolean {
  return BUILT_IN_KEYS.has(key);
}
