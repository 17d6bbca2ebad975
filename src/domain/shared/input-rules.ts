import { badInput, conflict } from '../../core/errors';
import { isUniqueViolation } from '../../db/driver-errors';

/** Longest name and description of any object (characters, after trimming). */
export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 1000;

/**
 * Trims `value` and checks its length (characters); throws BAD_USER_INPUT naming `field`. The one rule for names and
 * titles.
 */
export function requireText(field: string, value: unknown, min: number, max: number, label = 'Value'): string {
  if (typeof value !== 'string') throw badInput(field, `${label} is required`);
  const trimmed = value.trim();
  if (trimmed.length < min)
    throw badInput(field, min <= 1 ? `${label} must not be empty` : `${label} must have at least ${min} characters`);
  if (trimmed.length > max) throw badInput(field, `${label} must have at most ${max} characters`);
  return trimmed;
}

/** Optional free text (descriptions): null/blank → null, otherwise at most `max` characters. */
export function optionalText(
  field: string,
  value: string | null | undefined,
  max: number,
  label = 'Value',
): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (!trimmed) return null;
  if (trimmed.length > max) throw badInput(field, `${label} must have at most ${max} characters`);
  return trimmed;
}

/** Rejects an explicit null for an optional input field that may be omitted but not cleared. */
export function notNull<T>(field: string, value: T | null | undefined): T | undefined {
  if (value === null) throw badInput(field, `"${field}" cannot be null`);
  return value;
}

/** Runs `work`, turning a unique-index violation into CONFLICT on `field`. */
export async function mapUniqueViolation<T>(field: string, message: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(field, message);
    throw error;
  }
}

type LockMode = 'pessimistic_write' | 'pessimistic_read';

/**
 * find options that lock the row on MySQL/MariaDB: FOR UPDATE, or a shared lock with
 * 'pessimistic_read' (SQLite's queued writer already serializes).
 */
export function rowLock(
  dialect: 'sqlite' | 'mysql',
  mode: LockMode = 'pessimistic_write',
): { lock?: { mode: LockMode } } {
  return dialect === 'mysql' ? { lock: { mode } } : {};
}

export const RATE_LIMIT_MAX = 1_000_000;

/** A per-minute rate limit (1–1,000,000) or null; `nullMeans` names what null falls back to. */
export function checkRateLimit(
  value: number | null | undefined,
  field: string,
  nullMeans = 'the tenant default',
): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > RATE_LIMIT_MAX) {
    throw badInput(
      field,
      `${field.split('.').at(-1)} must be a whole number from 1 to ${RATE_LIMIT_MAX.toLocaleString('en-US')} (or null for ${nullMeans})`,
    );
  }
  return value;
}
