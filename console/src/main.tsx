import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import { Alert, createTheme, MantineProvider, type CSSVariablesResolver } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { router } from './app/router';
import { SessionProvider } from './features/auth/session-context';

const theme = createTheme({
  primaryColor: 'indigo',
  // shade 8: white button labels and links on white both reach 4.5:1
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'md',
  // alert titles in the text colour: the light variants' coloured titles fail WCAG contrast
  components: { Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }) },
});

// dimmed text (descriptions, hints) one shade darker than Mantine's default, for 4.5:1 contrast
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' },
  dark: {},
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariables}>
      <SessionProvider>
        <ModalsProvider>
          <Notifications position="top-right" />
          <RouterProvider router={router} />
        </ModalsProvider>
      </SessionProvider>
    </MantineProvider>
  </StrictMode>,
);
