import { Button, Grid, Group, Stack } from '@mantine/core';
import { IconBan, IconRefresh } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { useQuery } from 'urql';
import { PageHeader } from '../../components/PageHeader';
import { BackLink } from '../../components/BackLink';
import { QueryState } from '../../components/QueryState';
import type { ApiKeyFieldsFragment, LeakedKeyAction } from '../../gql/graphql';
import { KeyUsageCard } from '../usage/KeyUsageCard';
import { useCan } from '../auth/me-context';
import { ApiKeyDocument } from './documents';
import { KeyInfoCard } from './KeyInfoCard';
import { KeySettingsForm } from './KeySettingsForm';
import { KeyStatusAlerts } from './KeyStatusAlerts';
import { LeakedBadge, StatusBadge } from './key-badges';
import { useKeyDialogs } from './key-dialogs';

export function KeyDetailsPage() {
  const { id } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ApiKeyDocument, variables: { id: id! } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const key = data?.apiKey;
  return (
    <Stack>
      <BackLink to={key?.kind === 'REST' ? '/keys?tab=rest' : '/keys'}>All keys</BackLink>
      <QueryState
        fetching={fetching}
        error={error}
        empty={!key}
        emptyText="There is no such key in this tenant."
        retry={reload}
      >
        {key && <KeyDetails apiKey={key} leakedKeyAction={data?.tenant.leakedKeyAction} reload={reload} />}
      </QueryState>
    </Stack>
  );
}

function KeyDetails({
  apiKey: key,
  leakedKeyAction,
  reload,
}: {
  apiKey: ApiKeyFieldsFragment;
  leakedKeyAction?: LeakedKeyAction;
  reload: () => void;
}) {
  const can = useCan();
  const dialogs = useKeyDialogs(reload);
  return (
    <>
      <PageHeader
        title={key.name}
        badge={
          <Group gap={6}>
            <StatusBadge status={key.status} />
            {key.leakedAt && <LeakedBadge leakedAt={key.leakedAt} />}
          </Group>
        }
        description={key.kind === 'REST' ? 'REST credential' : key.kind === 'PERSONAL' ? 'Personal key' : 'GraphQL key'}
        actions={
          can('API_KEY', 'OWNER') && key.status !== 'REVOKED' && key.kind !== 'PERSONAL' ? (
            <>
              <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={() => dialogs.openRotate(key)}>
                Rotate secret
              </Button>
              <Button
                color="red"
                variant="light"
                leftSection={<IconBan size={16} />}
                onClick={() => dialogs.openRevoke(key)}
              >
                Revoke
              </Button>
            </>
          ) : undefined
        }
      />
      <KeyStatusAlerts apiKey={key} leakedKeyAction={leakedKeyAction} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <KeyInfoCard apiKey={key} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <KeySettingsForm apiKey={key} />
        </Grid.Col>
      </Grid>
      <KeyUsageCard keyId={key.id} />
      {dialogs.dialogs}
    </>
  );
}
