import { Badge, Tooltip } from '@mantine/core';
import { formatDateTime } from '../../lib/format';
import type { ApiKeyStatus, ExpirationState } from '../../gql/graphql';

const STATUS_COLOR: Record<ApiKeyStatus, string> = {
  ACTIVE: 'green',
  INACTIVE: 'gray',
  EXPIRED: 'orange',
  REVOKED: 'red',
};
export const STATUS_LABEL: Record<ApiKeyStatus, string> = {
  ACTIVE: 'Active',
  INACTIVE: 'Inactive',
  EXPIRED: 'Expired',
  REVOKED: 'Revoked',
};

export function StatusBadge({ status }: { status: ApiKeyStatus }) {
  return (
    <Badge color={STATUS_COLOR[status]} variant="light">
      {STATUS_LABEL[status]}
    </Badge>
  );
}

export const EXPIRATION_LABEL: Record<ExpirationState, string> = {
  NEVER: 'No expiry',
  VALID: 'Valid',
  EXPIRING_SOON: 'Expiring soon',
  EXPIRED: 'Expired',
};
const EXPIRATION_COLOR: Record<ExpirationState, string> = {
  NEVER: 'gray',
  VALID: 'green',
  EXPIRING_SOON: 'orange',
  EXPIRED: 'red',
};

export function ExpirationBadge({ state }: { state: ExpirationState }) {
  return (
    <Badge color={EXPIRATION_COLOR[state]} variant="outline">
      {EXPIRATION_LABEL[state]}
    </Badge>
  );
}

/** A leak of the key's secret was reported (docs/design.md §15). */
export function LeakedBadge({ leakedAt }: { leakedAt: string }) {
  return (
    <Tooltip label={`Reported leaked ${formatDateTime(leakedAt)}`}>
      <Badge color="red" variant="filled" size="sm" data-testid="leaked-badge">
        Leaked
      </Badge>
    </Tooltip>
  );
}
