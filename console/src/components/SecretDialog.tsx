import {
  ActionIcon,
  Alert,
  Button,
  CopyButton,
  Group,
  Modal,
  PasswordInput,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconCopy, IconEye, IconEyeOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export interface SecretField {
  label: string;
  value: string;
  /** A client id is not secret: shown in clear. */
  public?: boolean;
}

/**
 * The one-time secret dialog (after create and rotate): masked until revealed, with a copy button.
 * The caller holds the secret only while this is open and drops it in onClose.
 */
export function SecretDialog(props: {
  title: string;
  fields: SecretField[] | null;
  onClose: () => void;
  what?: string;
  warning?: ReactNode;
  hint?: ReactNode;
}) {
  return (
    <Modal
      opened={props.fields !== null}
      onClose={props.onClose}
      title={props.title}
      size="lg"
      closeOnClickOutside={false}
    >
      <Stack>
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Copy it now" data-testid="secret-warning">
          {props.warning ?? (
            <>
              This secret is shown once. Keyward stores only a hash: once you close this dialog it cannot be shown again
              {props.what ? `; ${props.what}` : ''}.
            </>
          )}
        </Alert>
        {props.fields?.map((field) => (
          <Group key={field.label} align="flex-end" gap="xs" wrap="nowrap">
            <PasswordInput
              label={field.label}
              value={field.value}
              readOnly
              style={{ flex: 1 }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              defaultVisible={field.public}
              visibilityToggleIcon={({ reveal }) => (reveal ? <IconEyeOff size={16} /> : <IconEye size={16} />)}
              visibilityToggleButtonProps={{ 'aria-label': `Show or hide ${field.label.toLowerCase()}` }}
              data-testid={`secret-${field.label.toLowerCase().replace(/\s+/g, '-')}`}
            />
            <CopyButton value={field.value} timeout={2000}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? 'Copied' : `Copy ${field.label.toLowerCase()}`} withArrow>
                  <ActionIcon
                    size={36}
                    variant={copied ? 'filled' : 'default'}
                    color={copied ? 'teal' : undefined}
                    onClick={copy}
                    aria-label={`Copy ${field.label.toLowerCase()}`}
                  >
                    {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        ))}
        <Text size="sm" c="dimmed">
          {props.hint ?? (
            <>
              Store it in your secret manager; send it as <code>Authorization: Bearer …</code>.
            </>
          )}
        </Text>
        <Group justify="flex-end">
          <Button onClick={props.onClose}>I have copied it</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
