import { Button, Group, Paper, PasswordInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { FormModal } from '../../components/FormModal';
import { fieldErrors } from '../../lib/api-errors';
import { useMe } from '../auth/me-context';
import { useSession } from '../auth/session-context';
import { ChangeMyPasswordDocument } from './documents';

/** The signed-in user's own password: the answer carries a new session token, which replaces the old one. */
export function MyAccount() {
  const me = useMe();
  const session = useSession();
  const [opened, setOpened] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, change] = useMutation(ChangeMyPasswordDocument);
  const close = () => {
    setCurrent('');
    setNext('');
    setErrors({});
    setOpened(false);
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const res = await change({ currentPassword: current, newPassword: next });
    if (!res.data) return setErrors(fieldErrors(res.error, ['currentPassword', 'newPassword']));
    close();
    session.signIn(res.data.changeMyPassword.token);
    notifications.show({
      color: 'green',
      title: 'Password changed',
      message: 'Your other sessions were signed out; this one continues.',
    });
  };
  return (
    <Paper withBorder p="md">
      <Group justify="space-between">
        <div>
          <Text fw={500}>Your account</Text>
          <Text size="sm" c="dimmed">
            {me.user?.name} · {me.user?.email}
          </Text>
        </div>
        <Button variant="light" leftSection={<IconKey size={16} />} onClick={() => setOpened(true)}>
          Change password
        </Button>
      </Group>
      <FormModal
        opened={opened}
        onClose={close}
        title="Change your password"
        onSubmit={submit}
        error={errors._form}
        submitLabel="Change password"
        submitting={result.fetching}
      >
        <PasswordInput
          label="Current password"
          required
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={errors.currentPassword}
          aria-invalid={!!errors.currentPassword}
          autoComplete="current-password"
          data-autofocus
        />
        <PasswordInput
          label="New password"
          description="At least 8 characters; every other session of yours ends"
          required
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={errors.newPassword}
          aria-invalid={!!errors.newPassword}
          autoComplete="new-password"
        />
      </FormModal>
    </Paper>
  );
}
