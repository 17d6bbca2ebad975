import type { CombinedError } from 'urql';

/** One GraphQL error as Keyward answers it: a code from the closed set, the input field it is about. */
export interface ApiError {
  code: string;
  field?: string;
  message: string;
  retryAfter?: number;
}

export function apiErrors(error: CombinedError | undefined | null): ApiError[] {
  if (!error) return [];
  if (error.networkError && error.graphQLErrors.length === 0) {
    return [{ code: 'NETWORK_ERROR', message: 'Keyward could not be reached. Check your connection and retry.' }];
  }
  return error.graphQLErrors.map((e) => ({
    code: String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
    field: typeof e.extensions?.field === 'string' ? e.extensions.field : undefined,
    message: e.message,
    retryAfter: typeof e.extensions?.retryAfter === 'number' ? e.extensions.retryAfter : undefined,
  }));
}

export function hasCode(error: CombinedError | undefined | null, code: string): boolean {
  return apiErrors(error).some((e) => e.code === code);
}

/** A sentence for a notification or an Alert. */
export function errorText(error: CombinedError | undefined | null): string {
  const errors = apiErrors(error);
  if (errors.length === 0) return '';
  const first = errors[0];
  if (first.code === 'RATE_LIMITED')
    return `Too many requests: try again${first.retryAfter ? ` in ${first.retryAfter} s` : ' later'}.`;
  if (first.code === 'FORBIDDEN') return `You do not have permission to do this. ${first.message}`;
  return first.message;
}

/**
 * Server errors by form field: `extensions.field` (e.g. `input.name`, `input.grants[0].roleKey`,
 * `gracePeriodSeconds`) without the `input.` wrapper, first path segment only. Errors naming no
 * known field go under `_form`.
 */
export function fieldErrors(
  error: CombinedError | undefined | null,
  fields: readonly string[],
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const e of apiErrors(error)) {
    const name = e.field?.replace(/^input\./, '').split(/[.[]/)[0];
    const key = name && fields.includes(name) ? name : '_form';
    result[key] ??= e.message;
  }
  return result;
}
