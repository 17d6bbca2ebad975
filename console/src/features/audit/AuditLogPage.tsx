import { Button, Drawer, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight, IconDownload, IconShieldCheck } from '@tabler/icons-react';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { PageHeader } from '../../components/PageHeader';
import type { VerifyAuditChainQuery } from '../../gql/graphql';
import { errorText } from '../../lib/api-errors';
import { useCan } from '../auth/me-context';
import { useSession } from '../auth/session-context';
import { apiFilter, NO_FILTERS, type AuditFilters } from './audit-filters';
import { AuditEventDetails } from './AuditEventDetails';
import { AuditEventsTable } from './AuditEventsTable';
import { AuditFilterBar } from './AuditFilterBar';
import { ChainReportAlert } from './ChainReportAlert';
import { AuditEventsDocument, VerifyAuditChainDocument, type AuditEvent } from './documents';

const PAGE_SIZE = 25;

/** Audit log: filters, cursor pages, before → after per event, chain verification, NDJSON export. */
export default function AuditLogPage() {
  const can = useCan();
  const client = useClient();
  const { token } = useSession();
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const filter = useMemo(() => apiFilter(filters), [filters]);
  // cursors of the pages before the current one (the API pages forward only)
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const after = cursors[cursors.length - 1];
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AuditEventsDocument,
    variables: { filter, first: PAGE_SIZE, after },
  });
  const [selected, setSelected] = useState<AuditEvent | null>(null);
  const [report, setReport] = useState<VerifyAuditChainQuery['verifyAuditChain'] | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [downloading, setDownloading] = useState(false);
  const events = useMemo(() => data?.auditEvents.edges.map((e) => e.node) ?? [], [data]);

  // keeps the same state objects when nothing changes, so no render is caused by a no-op
  const change = (patch: Partial<AuditFilters>) => {
    setFilters((f) =>
      (Object.keys(patch) as (keyof AuditFilters)[]).every((k) => f[k] === patch[k]) ? f : { ...f, ...patch },
    );
    setCursors((c) => (c.length === 1 ? c : [undefined]));
  };

  const verify = async () => {
    setVerifying(true);
    const res = await client.query(VerifyAuditChainDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    setVerifying(false);
    if (res.error) notifications.show({ color: 'red', title: 'Could not verify', message: errorText(res.error) });
    else setReport(res.data!.verifyAuditChain);
  };

  // fetch + Blob: the bearer token goes in a header, never in a URL
  const download = async () => {
    setDownloading(true);
    try {
      const res = await fetch(`/v1/audit-events?${new URLSearchParams(apiFilter(filters))}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!res.ok) {
        const problem = (await res.json().catch(() => null)) as { detail?: string; title?: string } | null;
        throw new Error(problem?.detail ?? problem?.title ?? `HTTP ${res.status}`);
      }
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `audit-events-${dayjs().format('YYYYMMDD-HHmmss')}.ndjson`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) {
      notifications.show({ color: 'red', title: 'Export failed', message: (e as Error).message });
    } finally {
      setDownloading(false);
    }
  };

  const filtered = Object.keys(filter).length > 0;

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in the tenant, hash-chained; newest first"
        actions={
          <>
            {can('AUDIT_LOG', 'OWNER') && (
              <Button
                variant="default"
                leftSection={<IconShieldCheck size={16} />}
                onClick={verify}
                loading={verifying}
              >
                Verify chain
              </Button>
            )}
            <Button variant="default" leftSection={<IconDownload size={16} />} onClick={download} loading={downloading}>
              Export NDJSON
            </Button>
          </>
        }
      />
      {report && <ChainReportAlert report={report} onClose={() => setReport(null)} />}
      <AuditFilterBar filters={filters} filtered={filtered} onChange={change} />
      <AuditEventsTable
        events={events}
        fetching={fetching}
        error={error}
        filtered={filtered}
        retry={() => refetch({ requestPolicy: 'network-only' })}
        onSelect={setSelected}
      />
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed" data-testid="audit-total">
          {data ? `${data.auditEvents.totalCount} ${data.auditEvents.totalCount === 1 ? 'event' : 'events'}` : ''}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconChevronLeft size={16} />}
            disabled={cursors.length <= 1}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Previous
          </Button>
          <Button
            variant="default"
            rightSection={<IconChevronRight size={16} />}
            disabled={!data?.auditEvents.pageInfo.hasNextPage}
            onClick={() => setCursors((c) => [...c, data!.auditEvents.pageInfo.endCursor ?? undefined])}
          >
            Next
          </Button>
        </Group>
      </Group>
      <Drawer
        opened={selected !== null}
        onClose={() => setSelected(null)}
        position="right"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close event' }}
        title={selected ? `Event #${selected.seq}: ${selected.action}` : ''}
      >
        {selected && (
          <AuditEventDetails
            event={selected}
            onFilter={(patch) => {
              change(patch);
              setSelected(null);
            }}
          />
        )}
      </Drawer>
    </>
  );
}
