import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconKey } from '@tabler/icons-react';
import { useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { apiErrors } from '../../lib/api-errors';
import { useSession } from './session-context';

const LoginDocument = graphql(`
  mutation Login($email: EmailAddress!, $password: String!, $tenant: String) {
    login(email: $email, password: $password, tenant: $tenant) {
      token
      expiresAt
    }
  }
`);

function loginFailure(code: string, retryAfter: number | undefined, message: string): string {
  if (code === 'RATE_LIMITED')
    return `Too many sign-in attempts. Try again${retryAfter ? ` in ${retryAfter} seconds` : ' later'}.`;
  if (code === 'UNAUTHENTICATED') return 'Wrong email or password, or the account is deactivated.';
  if (code === 'BAD_USER_INPUT') return message;
  return `Sign-in failed: ${message}`;
}

export function SignInPage() {
  const session = useSession();
  const location = useLocation();
  const [result, login] = useMutation(LoginDocument);
  const [failure, setFailure] = useState<{ title: string; text: string } | null>(null);
  const form = useForm({
    initialValues: { email: '', password: '', tenant: '' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : 'Enter an email address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });
  if (session.token) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from.startsWith('/') ? from : '/keys'} replace />;
  }

  const submit = form.onSubmit(async (values) => {
    setFailure(null);
    const res = await login({
      email: values.email.trim(),
      password: values.password,
      tenant: values.tenant.trim() || null,
    });
    if (res.data?.login) {
      session.signIn(res.data.login.token);
      return;
    }
    const e = apiErrors(res.error)[0];
    if (e)
      setFailure({
        title: e.code === 'RATE_LIMITED' ? 'Rate limited' : 'Sign-in failed',
        text: loginFailure(e.code, e.retryAfter, e.message),
      });
  });

  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)">
      <Paper component="main" withBorder shadow="sm" p="xl" radius="md" w={400}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Stack gap={4} align="center">
              <IconKey size={36} aria-hidden />
              <Title order={1} size="h2">
                Keyward Console
              </Title>
              <Text c="dimmed" size="sm">
                Sign in to manage API keys
              </Text>
            </Stack>
            {session.notice && (
              <Alert
                color="yellow"
                icon={<IconAlertTriangle size={18} />}
                title="Signed out"
                data-testid="sign-in-notice"
              >
                {session.notice}
              </Alert>
            )}
            {failure && (
              <Alert color="red" role="alert" title={failure.title} data-testid="sign-in-error">
                {failure.text}
              </Alert>
            )}
            <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.getInputProps('password')}
            />
            <TextInput
              label="Tenant"
              description="Only needed when your email belongs to several tenants"
              placeholder="tenant-slug"
              {...form.getInputProps('tenant')}
            />
            <Button type="submit" loading={result.fetching} fullWidth>
              Sign in
            </Button>
            <Text size="xs" c="dimmed" ta="center">
              API reference:{' '}
              <Anchor href="/docs" size="xs" underline="always">
                REST docs
              </Anchor>
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
