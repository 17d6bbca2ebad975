import {
  Alert,
  Anchor,
  Button,
  Code,
  Group,
  Modal,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { SecretDialog, type SecretField } from '../../components/SecretDialog';
import type { ApiKeySortField, ApiKeyStatus } from '../../gql/graphql';
import { apiErrors } from '../../lib/api-errors';
import { formatDateTime, fromNow, maskedKey } from '../../lib/format';
import { STATUS_LABEL, StatusBadge } from '../api-keys/key-badges';
import { CreateSecretApiKeyDocument, MySecretApiKeysDocument } from './documents';

const SORTS: Array<{ value: string; label: string; field: ApiKeySortField; desc: boolean }> = [
  { value: 'created-desc', label: 'Newest first', field: 'CREATED_AT', desc: true },
  { value: 'created-asc', label: 'Oldest first', field: 'CREATED_AT', desc: false },
  { value: 'name-asc', label: 'Title A–Z', field: 'NAME', desc: false },
  { value: 'used-desc', label: 'Recently used', field: 'LAST_USED_AT', desc: true },
];

/** The signed-in user's personal keys: they act as the user, with the user's grants. */
export function MyKeysPage() {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const [status, setStatus] = useState<ApiKeyStatus[]>([]);
  const [sort, setSort] = useState(SORTS[0]);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<SecretField[] | null>(null);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MySecretApiKeysDocument,
    variables: {
      filter: { search: debounced.trim() || undefined, status: status.length ? status : undefined },
      orderBy: { field: sort.field, direction: sort.desc ? 'DESC' : 'ASC' },
      first: 100,
    },
  });
  const keys = data?.mySecretApiKeys.edges.map((e) => e.node) ?? [];
  return (
    <>
      <PageHeader
        title="My secret keys"
        description="Personal keys act as you, with your current grants. You can hold one active key at a time."
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            Create secret key
          </Button>
        }
      />
      <Group align="flex-end" mb="md">
        <TextInput
          label="Search"
          placeholder="Title or prefix"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={260}
        />
        <MultiSelect
          label="Status"
          placeholder={status.length ? undefined : 'Any'}
          data={Object.entries(STATUS_LABEL).map(([value, label]) => ({ value, label }))}
          value={status}
          onChange={(v) => setStatus(v as ApiKeyStatus[])}
          w={240}
          clearable
        />
        <Select
          label="Sort"
          data={SORTS.map((s) => ({ value: s.value, label: s.label }))}
          value={sort.value}
          onChange={(v) => setSort(SORTS.find((s) => s.value === v) ?? SORTS[0])}
          allowDeselect={false}
          w={180}
        />
      </Group>
      <Paper withBorder>
        <QueryState
          fetching={fetching}
          error={error}
          empty={keys.length === 0}
          emptyText="You have no personal keys."
          retry={() => refetch({ requestPolicy: 'network-only' })}
        >
          <Table striped highlightOnHover data-testid="my-keys-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Title</Table.Th>
                <Table.Th>Key</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Last used</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.map((k) => (
                <Table.Tr key={k.id} data-key-name={k.name}>
                  <Table.Td>
                    <Anchor component={Link} to={`/my-keys/${k.id}`} underline="always">
                      {k.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Code>{maskedKey(k.prefix, k.last4)}</Code>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={k.status} />
                  </Table.Td>
                  <Table.Td>{fromNow(k.lastUsedAt)}</Table.Td>
                  <Table.Td>{formatDateTime(k.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </Paper>
      <CreateSecretKeyModal
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(value) => {
          setCreating(false);
          setSecret([{ label: 'Secret', value }]);
          refetch({ requestPolicy: 'network-only' });
        }}
      />
      <SecretDialog title="Your new secret key" fields={secret} onClose={() => setSecret(null)} />
    </>
  );
}

function CreateSecretKeyModal(props: { opened: boolean; onClose: () => void; onCreated: (secret: string) => void }) {
  const [title, setTitle] = useState('');
  const [problem, setProblem] = useState<{ field?: string; form?: string }>({});
  const [result, create] = useMutation(CreateSecretApiKeyDocument);
  const close = () => {
    setTitle('');
    setProblem({});
    props.onClose();
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return setProblem({ field: 'Give the key a title' });
    const res = await create({ title: title.trim() });
    if (res.data) {
      setTitle('');
      setProblem({});
      props.onCreated(res.data.createSecretApiKey.secret);
      return;
    }
    const e = apiErrors(res.error)[0];
    if (e?.code === 'LIMIT_EXCEEDED' || e?.code === 'CONFLICT')
      setProblem({
        form: 'You already have an active secret key. Revoke it first (open it below and choose Revoke), then create a new one.',
      });
    else if (e?.field === 'title') setProblem({ field: e.message });
    else setProblem({ form: e?.message ?? 'Could not create the key' });
  };
  return (
    <Modal opened={props.opened} onClose={close} title="Create secret key">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Title"
            required
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={problem.field}
            data-autofocus
          />
          {problem.form && (
            <Alert color="orange" role="alert" title="Not created" data-testid="create-secret-problem">
              {problem.form}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={result.fetching}>
              Create
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
