import {
  AppShell,
  Avatar,
  Badge,
  Burger,
  Center,
  Group,
  Loader,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconApi,
  IconChartBar,
  IconChevronDown,
  IconFileText,
  IconKey,
  IconLogout,
  IconSettings,
  IconUserShield,
  IconWebhook,
} from '@tabler/icons-react';
import { Suspense } from 'react';
import { Navigate, NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { useQuery } from 'urql';
import { QueryState } from '../components/QueryState';
import { MeContext, MeDocument, levelAtLeast, type Me } from '../features/auth/me-context';
import { useSession } from '../features/auth/session-context';

const NAV = [
  { to: '/keys', label: 'API keys', icon: IconKey, role: 'API_KEY' },
  { to: '/usage', label: 'Usage', icon: IconChartBar, role: 'API_KEY' },
  { to: '/my-keys', label: 'My secret keys', icon: IconUserShield },
  { to: '/webhooks', label: 'Webhooks', icon: IconWebhook, role: 'WEBHOOK' },
  { to: '/audit', label: 'Audit log', icon: IconFileText, role: 'AUDIT_LOG' },
  { to: '/settings', label: 'Settings', icon: IconSettings },
  { to: '/explorer', label: 'API explorer', icon: IconApi },
] as const;

/** Signed-in pages: the session is required, `me` is loaded once and shared. */
export function AppLayout() {
  const session = useSession();
  const location = useLocation();
  if (!session.token) return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return <SignedIn />;
}

function SignedIn() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: MeDocument });
  if (!data) {
    return (
      <Center mih="100vh" p="xl">
        {fetching ? (
          <Loader aria-label="Loading" />
        ) : (
          <QueryState fetching={false} error={error} retry={() => refetch({ requestPolicy: 'network-only' })}>
            {null}
          </QueryState>
        )}
      </Center>
    );
  }
  return (
    <MeContext.Provider value={data.me}>
      <Shell me={data.me} />
    </MeContext.Provider>
  );
}

function Shell({ me }: { me: Me }) {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession();
  const label = me.user?.name ?? me.user?.email ?? me.type;
  const visible = NAV.filter(
    (item) => !('role' in item) || me.grants.some((g) => g.roleKey === item.role && levelAtLeast(g.level, 'VIEWER')),
  );
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <IconKey size={22} aria-hidden />
            <Text fw={700}>Keyward</Text>
            <Badge variant="light" color="gray" data-testid="tenant-name">
              {me.tenant.name}
            </Badge>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label={`Account menu for ${label}`} data-testid="user-menu">
                <Group gap={6}>
                  <Avatar size="sm" radius="xl" color="indigo">
                    {label.slice(0, 1).toUpperCase()}
                  </Avatar>
                  <Text size="sm" visibleFrom="xs">
                    {label}
                  </Text>
                  <IconChevronDown size={14} aria-hidden />
                </Group>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{me.user?.email}</Menu.Label>
              {me.user?.superUser && <Menu.Label>Super user</Menu.Label>}
              <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => session.signOut()}>
                Sign out
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <ScrollArea>
          {visible.map((item) => (
            <NavLink
              key={item.to}
              component={RouterLink}
              to={item.to}
              label={item.label}
              leftSection={<item.icon size={18} aria-hidden />}
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense
          fallback={
            <Center p="xl">
              <Loader aria-label="Loading" />
            </Center>
          }
        >
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
