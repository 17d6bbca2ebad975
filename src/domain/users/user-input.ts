import type { EntityManager } from 'typeorm';
import { badInput, conflict } from '../../core/errors';
import { User } from '../../db/entities/user.entity';
import type { GrantRow } from '../roles/grants';

// User inputs and their checks: email (normalised, free in the tenant), password length.

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  grants?: GrantRow[] | null;
  groupIds?: string[] | null;
  superUser?: boolean | null;
}

export interface UpdateUserInput {
  email?: string | null;
  name?: string | null;
  password?: string | null;
  active?: boolean | null;
  groupIds?: string[] | null;
  superUser?: boolean | null;
}

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 1000;

/** Emails are compared, stored and signed in with trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function checkEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (normalized.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(normalized))
    throw badInput('input.email', 'Not a valid email address');
  return normalized;
}

export function checkPassword(password: string, field = 'input.password'): void {
  if (password.length < MIN_PASSWORD) throw badInput(field, `Password must have at least ${MIN_PASSWORD} characters`);
  if (password.length > MAX_PASSWORD) throw badInput(field, `Password must have at most ${MAX_PASSWORD} characters`);
}

/** CONFLICT when another user of the tenant (not `exceptId`) has this email. */
export async function assertEmailFree(
  em: EntityManager,
  tenantId: string,
  email: string,
  exceptId: string | null,
): Promise<void> {
  const existing = await em.findOne(User, { where: { tenantId, email } });
  if (existing && existing.id !== exceptId) throw conflict('input.email', 'A user with this email exists');
}
