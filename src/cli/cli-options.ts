import { EmailAddressResolver } from 'graphql-scalars';
import { normalizeEmail } from '../domain/users/user-input';
import type { OptionValues } from './cli-command';
import { UsageError } from './cli-error';

/** A required string option, or a usage error naming it. */
export function requiredOption(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || !value.trim()) throw new UsageError(`--${name} is required`);
  return value.trim();
}

/** An optional string option; blank counts as absent. */
export function optionalOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** `--email`, validated exactly as the GraphQL `EmailAddress` scalar of `login` does, lower-cased. */
export function emailOption(values: OptionValues): string {
  const email = requiredOption(values, 'email');
  try {
    EmailAddressResolver.parseValue(email);
  } catch {
    throw new UsageError(`--email: "${email}" is not an email address`);
  }
  return normalizeEmail(email);
}
