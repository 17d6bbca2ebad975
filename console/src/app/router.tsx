import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { SignInPage } from '../features/auth/SignInPage';
import { ApiKeysPage } from '../features/api-keys/ApiKeysPage';
import { AppLayout } from './AppLayout';

// screens other than sign-in and the keys table load on first visit (GraphiQL above all is large),
// which keeps the first screen's JavaScript small (test/bench/console.bench.ts measures it)
const KeyDetailsPage = lazy(() =>
  import('../features/api-keys/KeyDetailsPage').then((m) => ({ default: m.KeyDetailsPage })),
);
const MyKeysPage = lazy(() => import('../features/my-keys/MyKeysPage').then((m) => ({ default: m.MyKeysPage })));
const MyKeyDetailsPage = lazy(() =>
  import('../features/my-keys/MyKeyDetailsPage').then((m) => ({ default: m.MyKeyDetailsPage })),
);
const ExplorerPage = lazy(() => import('../features/explorer/ExplorerPage'));
const WebhooksPage = lazy(() => import('../features/webhooks/WebhooksPage'));
const WebhookDetailsPage = lazy(() => import('../features/webhooks/WebhookDetailsPage'));
const AuditLogPage = lazy(() => import('../features/audit/AuditLogPage'));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage'));
const UsageDashboardPage = lazy(() => import('../features/usage/UsageDashboardPage'));

export const router = createBrowserRouter(
  [
    { path: '/sign-in', element: <SignInPage /> },
    {
      path: '/',
      element: <AppLayout />,
      children: [
        { index: true, element: <Navigate to="/keys" replace /> },
        { path: 'keys', element: <ApiKeysPage /> },
        { path: 'keys/:id', element: <KeyDetailsPage /> },
        { path: 'my-keys', element: <MyKeysPage /> },
        { path: 'my-keys/:id', element: <MyKeyDetailsPage /> },
        { path: 'usage', element: <UsageDashboardPage /> },
        { path: 'webhooks', element: <WebhooksPage /> },
        { path: 'webhooks/:id', element: <WebhookDetailsPage /> },
        { path: 'audit', element: <AuditLogPage /> },
        // settings has its own tabs and sub-routes (channels, users, roles, groups, tenant, tenants)
        { path: 'settings/*', element: <SettingsPage /> },
        { path: 'explorer', element: <ExplorerPage /> },
        { path: '*', element: <Navigate to="/keys" replace /> },
      ],
    },
  ],
  { basename: '/console' },
);
