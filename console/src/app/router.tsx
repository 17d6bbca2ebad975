import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { SignInPage } from '../features/auth/SignInPage';
import { ApiKeysPage } from '../features/api-keys/ApiKeysPage';
import { KeyDetailsPage } from '../features/api-keys/KeyDetailsPage';
import { MyKeyDetailsPage } from '../features/my-keys/MyKeyDetailsPage';
import { MyKeysPage } from '../features/my-keys/MyKeysPage';
import { AppLayout } from './AppLayout';

// GraphiQL is large: loaded only when the explorer is opened
const ExplorerPage = lazy(() => import('../features/explorer/ExplorerPage'));

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
        { path: 'explorer', element: <ExplorerPage /> },
        { path: '*', element: <Navigate to="/keys" replace /> },
      ],
    },
  ],
  { basename: '/console' },
);
