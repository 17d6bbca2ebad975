import { NumberInput, Textarea } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';

/** The form values the limits fields edit: the allowlist as text (one entry a line), the rate limit or ''. */
export interface KeyLimitsValues {
  ipAllowlist: string;
  rateLimitPerMinute: string | number;
}

/** A key's IP allowlist and rate limit per minute, the same when a key is created and when it is edited. */
export function KeyLimitsFields<V extends KeyLimitsValues>({ form }: { form: UseFormReturnType<V> }) {
  return (
    <>
      <Textarea
        label="IP allowlist"
        description="One address or CIDR per line; empty: any address"
        autosize
        minRows={2}
        placeholder={'203.0.113.7\n2001:db8::/32'}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        {...form.getInputProps('ipAllowlist')}
      />
      <NumberInput
        label="Rate limit per minute"
        description="Empty: the tenant default"
        min={1}
        max={1_000_000}
        allowDecimal={false}
        {...form.getInputProps('rateLimitPerMinute')}
      />
    </>
  );
}
