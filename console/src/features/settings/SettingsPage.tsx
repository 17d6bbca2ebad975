import { Tabs } from '@mantine/core';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { useMe } from '../auth/me-context';
import { ChannelsTab } from './ChannelsTab';
import { GroupsTab } from './GroupsTab';
import { RolesTab } from './RolesTab';
import { TenantTab } from './TenantTab';
import { TenantsTab } from './TenantsTab';
import { UsersTab } from './UsersTab';

/** Settings: one tab per area, each with its own sub-path (/settings/users …) so it can be linked. */
export default function SettingsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const superUser = !!me.user?.superUser;
  const tabs = [
    { value: 'channels', label: 'Channels' },
    { value: 'users', label: 'Users' },
    { value: 'roles', label: 'Role definitions' },
    { value: 'groups', label: 'Authorization groups' },
    { value: 'tenant', label: 'Tenant' },
    ...(superUser ? [{ value: 'tenants', label: 'Tenants' }] : []),
  ];
  const routes = <SettingsRoutes superUser={superUser} />;
  const current = location.pathname.split('/').filter(Boolean)[1] ?? 'channels';
  // an unknown sub-path (or /settings/tenants for a non-super user) goes to the first tab
  if (!tabs.some((t) => t.value === current)) return <Navigate to="/settings/channels" replace />;
  return (
    <>
      <PageHeader title="Settings" description="Channels, users, roles, groups and your tenant." />
      <Tabs value={current} onChange={(v) => v && navigate(`/settings/${v}`)}>
        <Tabs.List mb="md">
          {tabs.map((t) => (
            <Tabs.Tab key={t.value} value={t.value}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {/* a panel per tab (each tab's aria-controls names one); only the current one renders its route */}
        {tabs.map((t) => (
          <Tabs.Panel key={t.value} value={t.value}>
            {t.value === current && routes}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}

function SettingsRoutes(props: { superUser: boolean }) {
  return (
    <Routes>
      <Route index element={<Navigate to="channels" replace />} />
      <Route path="channels" element={<ChannelsTab />} />
      <Route path="users" element={<UsersTab />} />
      <Route path="roles" element={<RolesTab />} />
      <Route path="groups" element={<GroupsTab />} />
      <Route path="tenant" element={<TenantTab />} />
      {props.superUser && <Route path="tenants" element={<TenantsTab />} />}
      <Route path="*" element={<Navigate to="channels" replace />} />
    </Routes>
  );
}
