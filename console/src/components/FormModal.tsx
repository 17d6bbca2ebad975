import { Alert, Button, Group, Modal, Stack, type ModalProps } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { fieldErrors } from '../lib/api-errors';

/**
 * A modal holding one form: its fields, then the error that names no field, then Cancel and the
 * submit button. Fields are checked by the form's own code and the server, not by the browser.
 */
export function FormModal(props: {
  opened?: boolean;
  onClose: () => void;
  title: ReactNode;
  size?: ModalProps['size'];
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** The server's error that names no field. */
  error?: string | null;
  errorTitle?: string;
  submitLabel: ReactNode;
  submitting: boolean;
  /** Leaves the browser's own check of required fields on (only the webhook form has it). */
  browserValidation?: boolean;
  children: ReactNode;
}) {
  return (
    <Modal opened={props.opened ?? true} onClose={props.onClose} title={props.title} size={props.size}>
      <form onSubmit={props.onSubmit} noValidate={!props.browserValidation}>
        <Stack>
          {props.children}
          {props.error && (
            <Alert color="red" role="alert" title={props.errorTitle}>
              {props.error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={props.submitting}>
              {props.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * The server's errors for a Mantine form in a FormModal: those naming a field go beside it, the
 * rest into `message`. `clear` drops the message (before a new try, or when the modal closes).
 */
export function useServerErrors(
  form: { setErrors: (errors: Record<string, string>) => void },
  fields: readonly string[],
) {
  const [message, setMessage] = useState<string | null>(null);
  return {
    message,
    clear: () => setMessage(null),
    show: (error: CombinedError) => {
      const { _form, ...byField } = fieldErrors(error, fields);
      form.setErrors(byField);
      setMessage(_form ?? null);
    },
  };
}
