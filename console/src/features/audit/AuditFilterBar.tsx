import { Button, Group, Paper, TextInput } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import { NO_FILTERS, type AuditFilters } from './audit-filters';

/** Action, actor, target and time range; Clear filters once any is set. */
export function AuditFilterBar({
  filters,
  filtered,
  onChange: change,
}: {
  filters: AuditFilters;
  filtered: boolean;
  onChange: (patch: Partial<AuditFilters>) => void;
}) {
  return (
    <Paper withBorder p="sm" mb="sm">
      <Group align="flex-end" gap="sm">
        <TextInput
          label="Action"
          placeholder="api_key.created"
          value={filters.action}
          onChange={(e) => change({ action: e.currentTarget.value })}
          w={190}
        />
        <TextInput
          label="Actor id"
          placeholder="User or API key id"
          value={filters.actorId}
          onChange={(e) => change({ actorId: e.currentTarget.value })}
          w={200}
        />
        <TextInput
          label="Target type"
          placeholder="ApiKey"
          value={filters.targetType}
          onChange={(e) => change({ targetType: e.currentTarget.value })}
          w={140}
        />
        <TextInput
          label="Target id"
          value={filters.targetId}
          onChange={(e) => change({ targetId: e.currentTarget.value })}
          w={200}
        />
        <DateTimePicker
          label="From"
          placeholder="Any time"
          clearable
          valueFormat="YYYY-MM-DD HH:mm"
          value={filters.from}
          onChange={(v) => change({ from: v })}
          w={170}
        />
        <DateTimePicker
          label="To"
          placeholder="Now"
          clearable
          valueFormat="YYYY-MM-DD HH:mm"
          value={filters.to}
          onChange={(v) => change({ to: v })}
          w={170}
        />
        {filtered && (
          <Button variant="subtle" onClick={() => change(NO_FILTERS)}>
            Clear filters
          </Button>
        )}
      </Group>
    </Paper>
  );
}
