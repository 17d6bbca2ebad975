import { Alert, Badge, Button, Chip, Group, Paper, Select, Tabs, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconChevronLeft, IconChevronRight, IconPlus, IconTrash } from '@tabler/icons-react';
import type { RowSelectionState, SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { SecretDialog, type SecretField } from '../../components/SecretDialog';
import type { ApiKeySortField } from '../../gql/graphql';
import { errorText } from '../../lib/api-errors';
import { useCan } from '../auth/me-context';
import { ApiKeysTable } from './ApiKeysTable';
import { CreateKeyModal } from './CreateKeyModal';
import { ApiKeySparklinesDocument, ApiKeysDocument, DeleteApiKeysDocument, KeyFormOptionsDocument } from './documents';
import { KeyFilters, NO_FILTERS, toApiFilter, type KeyFilterState } from './KeyFilters';
import { useKeyDialogs } from './key-dialogs';

const SORT_FIELDS: Record<string, ApiKeySortField> = {
  name: 'NAME',
  active: 'ACTIVE',
  createdAt: 'CREATED_AT',
  updatedAt: 'UPDATED_AT',
  lastUsedAt: 'LAST_USED_AT',
  expiresAt: 'EXPIRES_AT',
  usage24h: 'USAGE_24H',
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type Page = { first: number; after?: string } | { last: number; before?: string };

export function ApiKeysPage() {
  const [params, setParams] = useSearchParams();
  const kind = params.get('tab') === 'rest' ? 'REST' : 'GRAPHQL';
  return (
    <>
      <Tabs
        value={kind === 'REST' ? 'rest' : 'graphql'}
        onChange={(v) => setParams(v === 'rest' ? { tab: 'rest' } : {}, { replace: true })}
        keepMounted={false}
      >
        <KeysHeader kind={kind} />
        <Tabs.List mb="md">
          <Tabs.Tab value="graphql">GraphQL keys</Tabs.Tab>
          <Tabs.Tab value="rest">REST credentials</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="graphql">
          <KeysTab kind="GRAPHQL" />
        </Tabs.Panel>
        <Tabs.Panel value="rest">
          <KeysTab kind="REST" />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function KeysHeader({ kind }: { kind: 'GRAPHQL' | 'REST' }) {
  // the usage badge is filled by the tab's query (same cache entry for tenant)
  return (
    <PageHeader
      title="API keys"
      description={kind === 'REST' ? 'OAuth 2.0 client credentials for the REST API' : 'Keys for the GraphQL API'}
    />
  );
}

function KeysTab({ kind }: { kind: 'GRAPHQL' | 'REST' }) {
  const can = useCan();
  const canCreate = can('API_KEY', 'OWNER');
  const [filters, setFilters] = useState<KeyFilterState>(NO_FILTERS);
  const [search] = useDebouncedValue(filters.search, 300);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'createdAt', desc: true }]);
  const [pageSize, setPageSize] = useState(20);
  const [page, setPage] = useState<Page>({ first: 20 });
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [creating, setCreating] = useState<'GRAPHQL' | 'REST' | null>(null);
  const [secret, setSecret] = useState<{ title: string; fields: SecretField[] } | null>(null);
  const [, deleteKeys] = useMutation(DeleteApiKeysDocument);

  const filter = useMemo(() => ({ ...toApiFilter(filters, search), kind }), [filters, search, kind]);
  const orderBy = {
    field: SORT_FIELDS[sorting[0]?.id] ?? 'CREATED_AT',
    direction: sorting[0]?.desc ? ('DESC' as const) : ('ASC' as const),
  };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ApiKeysDocument,
    variables: { filter, orderBy, ...page },
  });
  // the sparklines' window: the 24 whole hours up to the end of the current one; the variables stay
  // the same within the hour, the first render after it moves them on
  const hourEnd = Math.floor(Date.now() / HOUR) * HOUR + HOUR;
  const sparkWindow = useMemo(
    () => ({ from: new Date(hourEnd - DAY).toISOString(), to: new Date(hourEnd).toISOString() }),
    [hourEnd],
  );
  const [sparks] = useQuery({
    query: ApiKeySparklinesDocument,
    variables: { filter, orderBy, ...page, ...sparkWindow },
    pause: !data,
  });
  const sparklines = useMemo(() => {
    const map: Record<string, number[]> = {};
    for (const e of sparks.data?.apiKeys.edges ?? []) map[e.node.id] = e.node.usage.map((p) => p.total);
    return map;
  }, [sparks.data]);
  const [options] = useQuery({
    query: KeyFormOptionsDocument,
    variables: { withChannels: kind === 'GRAPHQL' && can('SHOP_AND_CHANNEL', 'VIEWER'), withRoles: false },
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const resetPage = () => {
    setPage({ first: pageSize });
    setSelection({});
  };
  const dialogs = useKeyDialogs(reload);

  const keys = data?.apiKeys.edges.map((e) => e.node) ?? [];
  const usage = data?.tenant.apiKeyUsage;
  const selectedIds = Object.keys(selection).filter((id) => selection[id]);

  const confirmDelete = () => {
    const names = keys.filter((k) => selection[k.id]).map((k) => k.name);
    modals.openConfirmModal({
      title: `Delete ${names.length} ${names.length === 1 ? 'key' : 'keys'}?`,
      children: (
        <Text size="sm">
          {names.join(', ')} will be deleted permanently and stop working at once. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: async () => {
        const res = await deleteKeys({ ids: selectedIds });
        if (res.error)
          notifications.show({ color: 'red', title: 'Nothing was deleted', message: errorText(res.error) });
        else
          notifications.show({
            color: 'green',
            title: 'Deleted',
            message: `${res.data!.deleteApiKeys.deletedIds.length} deleted`,
          });
        setSelection({});
        reload();
      },
    });
  };

  return (
    <>
      <Group justify="space-between" mb="sm">
        <Group gap="sm">
          {usage && (
            <Badge
              size="lg"
              variant="light"
              color={usage.used >= usage.limit ? 'red' : 'indigo'}
              data-testid="key-usage"
              title="GraphQL keys and REST credentials of the tenant against its limit"
            >
              {usage.used}/{usage.limit} keys
            </Badge>
          )}
          {data && (
            <Text size="sm" c="dimmed" data-testid="total-count">
              {data.apiKeys.totalCount} {kind === 'REST' ? 'credentials' : 'keys'} match
            </Text>
          )}
        </Group>
        <Group gap="sm">
          <Chip
            checked={filters.unusedSince !== null}
            onChange={(on) => {
              // a whole minute, so the query's variables (and urql's cache entry) stay put
              setFilters({
                ...filters,
                unusedSince: on ? new Date(Math.floor((Date.now() - 30 * DAY) / 60_000) * 60_000).toISOString() : null,
              });
              resetPage();
            }}
            variant="outline"
          >
            Unused for 30 days
          </Chip>
          {canCreate && selectedIds.length > 0 && (
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={confirmDelete}>
              Delete selected ({selectedIds.length})
            </Button>
          )}
          {canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(kind)}>
              {kind === 'REST' ? 'Create REST credential' : 'Create GraphQL key'}
            </Button>
          )}
        </Group>
      </Group>
      {(data?.leakedActive.totalCount ?? 0) > 0 && (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          title="Leaked keys are still working"
          mb="md"
          data-testid="leaked-alert"
        >
          <Group justify="space-between" align="flex-end">
            <Text size="sm">
              {data!.leakedActive.totalCount === 1 ? '1 key' : `${data!.leakedActive.totalCount} keys`} of this tenant{' '}
              {data!.leakedActive.totalCount === 1 ? 'was' : 'were'} reported leaked and{' '}
              {data!.leakedActive.totalCount === 1 ? 'is' : 'are'} not revoked. Rotate or revoke{' '}
              {data!.leakedActive.totalCount === 1 ? 'it' : 'them'} now.
            </Text>
            <Button
              size="xs"
              color="red"
              variant="light"
              onClick={() => {
                setFilters({ ...NO_FILTERS, leaked: 'yes', status: ['ACTIVE', 'INACTIVE'] });
                resetPage();
              }}
            >
              Show leaked keys
            </Button>
          </Group>
        </Alert>
      )}
      <KeyFilters
        value={filters}
        onChange={(v) => {
          setFilters(v);
          resetPage();
        }}
        channels={kind === 'GRAPHQL' ? options.data?.channels?.edges.map((e) => e.node) : undefined}
        searchPlaceholder={kind === 'REST' ? 'Name, prefix, client id, owner' : 'Name, prefix, owner'}
      />
      <Paper withBorder>
        <QueryState
          fetching={fetching}
          error={error}
          empty={keys.length === 0}
          emptyText={filters === NO_FILTERS ? 'No keys yet.' : 'No keys match these filters.'}
          retry={reload}
        >
          <ApiKeysTable
            keys={keys}
            kind={kind}
            sorting={sorting}
            onSortingChange={(s) => {
              setSorting(s);
              resetPage();
            }}
            selection={selection}
            onSelectionChange={setSelection}
            sparklines={sparklines}
            actions={{ canOwn: canCreate, onRotate: dialogs.openRotate, onRevoke: dialogs.openRevoke }}
          />
        </QueryState>
      </Paper>
      <Group justify="space-between" mt="sm">
        <Select
          label="Rows per page"
          data={['10', '20', '50', '100']}
          value={String(pageSize)}
          onChange={(v) => {
            const size = Number(v ?? 20);
            setPageSize(size);
            setPage({ first: size });
          }}
          w={130}
          allowDeselect={false}
        />
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconChevronLeft size={16} />}
            disabled={!data?.apiKeys.pageInfo.hasPreviousPage}
            onClick={() => setPage({ last: pageSize, before: data!.apiKeys.pageInfo.startCursor ?? undefined })}
          >
            Previous
          </Button>
          <Button
            variant="default"
            rightSection={<IconChevronRight size={16} />}
            disabled={!data?.apiKeys.pageInfo.hasNextPage}
            onClick={() => setPage({ first: pageSize, after: data!.apiKeys.pageInfo.endCursor ?? undefined })}
          >
            Next
          </Button>
        </Group>
      </Group>
      <CreateKeyModal
        kind={creating}
        onClose={() => setCreating(null)}
        onCreated={(title, fields) => {
          setCreating(null);
          setSecret({ title, fields });
          reload();
        }}
      />
      <SecretDialog title={secret?.title ?? ''} fields={secret?.fields ?? null} onClose={() => setSecret(null)} />
      {dialogs.dialogs}
    </>
  );
}
