import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertCircle, IconInbox } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { errorText } from '../lib/api-errors';

/** Loading, error and empty states shared by every list and page. */
export function QueryState(props: {
  fetching: boolean;
  error?: CombinedError;
  empty?: boolean;
  emptyText?: ReactNode;
  retry?: () => void;
  children: ReactNode;
}) {
  if (props.error && !props.fetching) {
    return (
      <Alert color="red" icon={<IconAlertCircle size={18} />} title="Could not load" role="alert">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorText(props.error)}</Text>
          {props.retry && (
            <Button size="xs" variant="light" onClick={props.retry}>
              Retry
            </Button>
          )}
        </Stack>
      </Alert>
    );
  }
  if (props.fetching && props.empty) {
    return (
      <Center p="xl" role="status" aria-label="Loading">
        <Loader size="sm" />
      </Center>
    );
  }
  if (props.empty) {
    return (
      <Center p="xl">
        <Stack align="center" gap={4}>
          <IconInbox size={32} color="var(--mantine-color-gray-6)" aria-hidden />
          <Text c="dimmed" size="sm">
            {props.emptyText ?? 'Nothing here yet.'}
          </Text>
        </Stack>
      </Center>
    );
  }
  return <>{props.children}</>;
}
