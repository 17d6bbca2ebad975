import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { CombinedError } from 'urql';
import { errorText, fieldErrors } from '../../lib/api-errors';

/** A confirmation naming what is deleted; the mutation's error becomes a red toast. */
export function confirmDelete(opts: {
  title: string;
  text: string;
  confirm: string;
  run: () => Promise<{ error?: CombinedError }>;
  done: () => void;
}) {
  modals.openConfirmModal({
    title: opts.title,
    children: <Text size="sm">{opts.text}</Text>,
    labels: { confirm: opts.confirm, cancel: 'Cancel' },
    confirmProps: { color: 'red' },
    onConfirm: async () => {
      const res = await opts.run();
      if (res.error) notifications.show({ color: 'red', title: 'Not deleted', message: errorText(res.error) });
      else {
        notifications.show({
          color: 'green',
          title: 'Deleted',
          message: opts.title.replace(/^Delete /, '').replace(/\?$/, '') + ' was deleted.',
        });
        opts.done();
      }
    },
  });
}

/**
 * Submitting a settings form: `save` sends the mutation; the answer's errors go beside their fields
 * (the rest under `_form`), success shows the green `toast` and calls onSaved.
 */
export function useSaveForm(opts: {
  fields: readonly string[];
  save: () => Promise<{ error?: CombinedError }>;
  toast: { title: string; message: string };
  onSaved: () => void;
}) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const res = await opts.save();
    if (res.error) return setErrors(fieldErrors(res.error, opts.fields));
    notifications.show({ color: 'green', ...opts.toast });
    opts.onSaved();
  };
  return { errors, submit };
}

/** Empty optional text becomes null (cleared) rather than "". */
export function orNull(value: string): string | null {
  return value.trim() ? value.trim() : null;
}
