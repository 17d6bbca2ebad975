import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconClockExclamation } from '@tabler/icons-react';
import type { ApiKeyFieldsFragment, LeakedKeyAction } from '../../gql/graphql';
import { formatDateTime, fromNow } from '../../lib/format';

/** Above the key's details: a reported leak, the previous secret's grace period, the revocation. */
export function KeyStatusAlerts({
  apiKey: key,
  leakedKeyAction,
}: {
  apiKey: ApiKeyFieldsFragment;
  leakedKeyAction?: LeakedKeyAction;
}) {
  const inGrace = key.previousSecretExpiresAt && new Date(key.previousSecretExpiresAt) > new Date();
  return (
    <>
      {key.leakedAt && <LeakedKeyBanner apiKey={key} leakedKeyAction={leakedKeyAction} />}
      {inGrace && (
        <Alert
          color="orange"
          icon={<IconClockExclamation size={18} />}
          title="The previous secret still works"
          data-testid="grace-info"
          mb="md"
        >
          Until {formatDateTime(key.previousSecretExpiresAt)} ({fromNow(key.previousSecretExpiresAt)}). Old secret last
          used: {fromNow(key.previousSecretLastUsedAt)}; used {key.previousSecretUseCount}{' '}
          {key.previousSecretUseCount === 1 ? 'time' : 'times'} since the rotation.
        </Alert>
      )}
      {key.revokedAt && !key.leakedAt && (
        <Alert color="red" title="Revoked" mb="md">
          Revoked {formatDateTime(key.revokedAt)}
          {key.revokedReason ? `: ${key.revokedReason}` : ''}. It can be deleted from the list.
        </Alert>
      )}
    </>
  );
}

/** A leak of the secret was reported: when, where, and what Keyward did per the tenant's leakedKeyAction. */
function LeakedKeyBanner({
  apiKey: key,
  leakedKeyAction,
}: {
  apiKey: ApiKeyFieldsFragment;
  leakedKeyAction?: LeakedKeyAction;
}) {
  const revoked = key.status === 'REVOKED';
  return (
    <Alert
      color="red"
      icon={<IconAlertTriangle size={18} />}
      title="This key's secret was reported leaked"
      mb="md"
      data-testid="leaked-banner"
    >
      <Stack gap={4}>
        <Text size="sm" inherit>
          Reported {formatDateTime(key.leakedAt)} ({fromNow(key.leakedAt)})
          {key.leakSource ? (
            <>
              {' '}
              — found at{' '}
              <Anchor href={key.leakSource} target="_blank" rel="noopener noreferrer" underline="always" inherit>
                {key.leakSource}
              </Anchor>
            </>
          ) : null}
          .
        </Text>
        <Text size="sm" fw={700} inherit>
          {revoked
            ? key.revokedReason === 'leaked'
              ? `It was revoked automatically ${formatDateTime(key.revokedAt)}: the tenant revokes leaked keys. Create a new key for its users.`
              : `It is revoked (${formatDateTime(key.revokedAt)}${key.revokedReason ? `: ${key.revokedReason}` : ''}).`
            : `It still works${leakedKeyAction === 'NOTIFY' ? ' (the tenant is only notified of leaks)' : ''}: rotate or revoke it now.`}
        </Text>
      </Stack>
    </Alert>
  );
}
