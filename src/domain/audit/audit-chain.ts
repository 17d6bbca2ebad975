import { hash } from 'node:crypto';

/** prevHash of a tenant's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export const REDACTED = '[REDACTED]';

/** Keys whose values never reach the audit log, at any depth (defence in depth: services should not send them). */
export const SENSITIVE_KEY = /secret|password|hash|token|private/i;

/** Values that look like a Keyward secret (`kwk_`, `kwp_`, `kws_`, `whsec_`) are redacted wherever they appear. */
const SECRET_VALUE = /^(kwk|kwp|kws|whsec)_[A-Za-z0-9+/=_-]{8,}$/;

/**
 * Largest `changes` JSON stored, in UTF-8 bytes (MariaDB TEXT holds 65,535); bigger change sets keep only the changed
 * field names.
 */
export const MAX_CHANGES_BYTES = 60_000;

/** The fields of an event that its hash covers (everything but the hash itself). */
export interface ChainedFields {
  id: string;
  tenantId: string;
  seq: number;
  action: string;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  targetType: string;
  targetId: string | null;
  /** The stored JSON text, hashed as is. */
  changes: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  createdAt: Date;
  prevHash: string;
}

/**
 * JSON with object keys sorted at every depth and no whitespace, so equal values always give the
 * same text. Dates become ISO strings; undefined object members are dropped (as JSON.stringify does).
 * Built with loops and string appends: it runs on every audited write.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  return canonicalMembers(value as Record<string, unknown>, Object.keys(value).sort());
}

/** `{"key":value,…}` over `keys` (sorted), skipping undefined members. */
function canonicalMembers(record: Record<string, unknown>, keys: readonly string[]): string {
  let out = '{';
  for (const key of keys) {
    const member = record[key];
    if (member === undefined) continue;
    out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${out}}`;
}

/** The members an event's hash covers, sorted once (canonical order), from the first event hashed. */
let hashedMembers: string[] | undefined;

/** SHA-256 (hex) over the canonical JSON of the event's fields, prevHash included; `v` is the format's version. */
export function computeEventHash(event: ChainedFields): string {
  const members: Record<string, unknown> = {
    v: 1,
    id: event.id,
    tenantId: event.tenantId,
    seq: event.seq,
    action: event.action,
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    targetType: event.targetType,
    targetId: event.targetId,
    changes: event.changes,
    ip: event.ip,
    userAgent: event.userAgent,
    requestId: event.requestId,
    createdAt: event.createdAt.toISOString(),
    prevHash: event.prevHash,
  };
  hashedMembers ??= Object.keys(members).sort();
  return hash('sha256', canonicalMembers(members, hashedMembers), 'hex');
}

function redactAll(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(redactAll);
  if (typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, redactAll(v)]));
  }
  return REDACTED;
}

/**
 * A copy with the value under every sensitive key (any depth) replaced by "[REDACTED]" (an object's
 * shape is kept, so `{ secretHash: { before, after } }` still shows that it changed), and every
 * string that looks like a Keyward secret redacted too.
 */
export function redact(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return SECRET_VALUE.test(value) ? REDACTED : value;
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value as object))
      out[key] = SENSITIVE_KEY.test(key) ? redactAll(v) : redact(v);
    return out;
  }
  return value;
}

/** Redacted canonical JSON for the `changes` column; null for no changes. */
export function serializeChanges(changes: Record<string, unknown> | undefined | null): string | null {
  if (!changes || Object.keys(changes).length === 0) return null;
  const text = canonicalJson(redact(changes));
  if (Buffer.byteLength(text, 'utf8') <= MAX_CHANGES_BYTES) return text;
  return canonicalJson({ _truncated: true, fields: Object.keys(changes).sort().slice(0, 500) });
}

/**
 * Cuts a string to a column's length in characters (code points, as MariaDB counts them), before
 * hashing, so what is stored is exactly what was hashed.
 */
export function clip(value: string | null | undefined, length: number): string | null {
  if (value === null || value === undefined) return null;
  if (value.length <= length) return value;
  return Array.from(value).slice(0, length).join('');
}
