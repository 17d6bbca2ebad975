import { Group, MultiSelect, Radio, Select, TextInput } from '@mantine/core';
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates';
import { IconSearch } from '@tabler/icons-react';
import dayjs from 'dayjs';
import type { ApiKeyFilter, ApiKeyStatus, ExpirationState } from '../../gql/graphql';
import { EXPIRATION_LABEL, STATUS_LABEL } from './key-badges';

export interface KeyFilterState {
  search: string;
  active: 'all' | 'yes' | 'no';
  status: ApiKeyStatus[];
  expirationState: ExpirationState[];
  channelId: string | null;
  created: DatesRangeValue<string>;
  updated: DatesRangeValue<string>;
  leaked: 'all' | 'yes' | 'no';
  /** The "Unused for 30 days" quick filter: keys with no valid use since then (set when switched on). */
  unusedSince: string | null;
}

export const NO_FILTERS: KeyFilterState = {
  search: '',
  active: 'all',
  status: [],
  expirationState: [],
  channelId: null,
  created: [null, null],
  updated: [null, null],
  leaked: 'all',
  unusedSince: null,
};

function range([from, to]: DatesRangeValue<string>) {
  if (!from && !to) return undefined;
  return {
    from: from ? dayjs(from).startOf('day').toISOString() : null,
    to: to ? dayjs(to).endOf('day').toISOString() : null,
  };
}

/** The API's ApiKeyFilter for the form state (the search is debounced by the caller). */
export function toApiFilter(state: KeyFilterState, search: string): ApiKeyFilter {
  return {
    search: search.trim() || undefined,
    active: state.active === 'all' ? undefined : state.active === 'yes',
    status: state.status.length ? state.status : undefined,
    expirationState: state.expirationState.length ? state.expirationState : undefined,
    channelId: state.channelId ?? undefined,
    createdAt: range(state.created),
    updatedAt: range(state.updated),
    leaked: state.leaked === 'all' ? undefined : state.leaked === 'yes',
    unusedSince: state.unusedSince ?? undefined,
  };
}

export function KeyFilters(props: {
  value: KeyFilterState;
  onChange: (v: KeyFilterState) => void;
  channels?: Array<{ id: string; name: string }>;
  searchPlaceholder: string;
}) {
  const set = (patch: Partial<KeyFilterState>) => props.onChange({ ...props.value, ...patch });
  return (
    <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
      <TextInput
        label="Search"
        placeholder={props.searchPlaceholder}
        leftSection={<IconSearch size={16} />}
        value={props.value.search}
        onChange={(e) => set({ search: e.currentTarget.value })}
        w={260}
      />
      <Radio.Group
        label="Active"
        value={props.value.active}
        onChange={(v) => set({ active: v as KeyFilterState['active'] })}
      >
        <Group gap="xs" h={36}>
          <Radio value="all" label="All" />
          <Radio value="yes" label="Active" />
          <Radio value="no" label="Inactive" />
        </Group>
      </Radio.Group>
      <MultiSelect
        label="Status"
        placeholder={props.value.status.length ? undefined : 'Any'}
        data={Object.entries(STATUS_LABEL).map(([value, label]) => ({ value, label }))}
        value={props.value.status}
        onChange={(v) => set({ status: v as ApiKeyStatus[] })}
        w={200}
        clearable
      />
      <MultiSelect
        label="Expiration"
        placeholder={props.value.expirationState.length ? undefined : 'Any'}
        data={Object.entries(EXPIRATION_LABEL).map(([value, label]) => ({ value, label }))}
        value={props.value.expirationState}
        onChange={(v) => set({ expirationState: v as ExpirationState[] })}
        w={220}
        clearable
      />
      <Select
        label="Leaked"
        data={[
          { value: 'all', label: 'Any' },
          { value: 'yes', label: 'Reported leaked' },
          { value: 'no', label: 'Not reported' },
        ]}
        value={props.value.leaked}
        onChange={(v) => set({ leaked: (v ?? 'all') as KeyFilterState['leaked'] })}
        allowDeselect={false}
        w={170}
      />
      {props.channels && (
        <Select
          label="Channel"
          placeholder="Any"
          data={props.channels.map((c) => ({ value: c.id, label: c.name }))}
          value={props.value.channelId}
          onChange={(v) => set({ channelId: v })}
          w={180}
          clearable
        />
      )}
      <DatePickerInput
        type="range"
        label="Created"
        placeholder="Any time"
        value={props.value.created}
        onChange={(v) => set({ created: v as DatesRangeValue<string> })}
        w={230}
        clearable
        allowSingleDateInRange
      />
      <DatePickerInput
        type="range"
        label="Updated"
        placeholder="Any time"
        value={props.value.updated}
        onChange={(v) => set({ updated: v as DatesRangeValue<string> })}
        w={230}
        clearable
        allowSingleDateInRange
      />
    </Group>
  );
}
