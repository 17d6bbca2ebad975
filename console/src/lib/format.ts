import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);

/** `kwk_WsgGabcd` + `8f2a` → `kwk_WsgG…8f2a`: enough to recognise a key, never enough to use it. */
export function maskedKey(prefix: string, last4: string): string {
  const underscore = prefix.indexOf('_');
  const visible = underscore >= 0 ? prefix.slice(0, underscore + 5) : prefix.slice(0, 4);
  return `${visible}…${last4}`;
}

export function formatDateTime(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD HH:mm') : '—';
}

export function fromNow(value: string | null | undefined, never = 'Never'): string {
  return value ? dayjs(value).fromNow() : never;
}

/** Non-empty trimmed lines of a textarea (IP allowlists). */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** An optional number input's value: '' → null. */
export function optionalNumber(value: string | number | null | undefined): number | null {
  if (value === '' || value === null || value === undefined) return null;
  return Number(value);
}
