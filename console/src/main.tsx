import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';
import {
  Alert,
  Badge,
  createTheme,
  defaultVariantColorsResolver,
  MantineProvider,
  Modal,
  Notification,
  MultiSelect,
  Select,
  type CSSVariablesResolver,
  type VariantColorsResolver,
} from '@mantine/core';
import { DatePickerInput, DateTimePicker } from '@mantine/dates';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { router } from './app/router';
import { SessionProvider } from './features/auth/session-context';

// Mantine's light/outline text (shade 6) and some filled backgrounds (orange, teal, green…) are
// below 4.5:1 against white text / their tinted backgrounds: darken them for WCAG AA
const darker = (color: string, shade: number, black: number) =>
  `color-mix(in srgb, var(--mantine-color-${color}-${shade}), black ${black}%)`;
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const color = input.color ?? input.theme.primaryColor;
  if (!(color in input.theme.colors) || color === 'dark') return colors;
  if (input.variant === 'light') return { ...colors, color: darker(color, 9, 35) };
  if (input.variant === 'outline')
    return { ...colors, color: darker(color, 9, 30), border: `1px solid ${darker(color, 9, 30)}` };
  if (input.variant === 'filled' && color !== input.theme.primaryColor)
    return { ...colors, background: darker(color, 8, 25), hover: darker(color, 9, 30) };
  return colors;
};
const clearable = { clearButtonProps: { 'aria-label': 'Clear' } };

const theme = createTheme({
  variantColorResolver,
  primaryColor: 'indigo',
  // shade 8: white button labels and links on white both reach 4.5:1
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'md',
  // alert titles in the text colour: the light variants' coloured titles fail WCAG contrast
  components: {
    Alert: Alert.extend({ styles: { title: { color: 'var(--mantine-color-text)' } } }),
    // badges in sentence case and never cut to "AC…" inside table cells
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      styles: { description: { color: 'var(--mantine-color-text)' } },
    }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    Select: Select.extend({ defaultProps: clearable }),
    MultiSelect: MultiSelect.extend({ defaultProps: clearable }),
    DatePickerInput: DatePickerInput.extend({ defaultProps: clearable }),
    DateTimePicker: DateTimePicker.extend({ defaultProps: clearable }),
    Badge: Badge.extend({
      styles: { root: { flexShrink: 0, overflow: 'visible' }, label: { textTransform: 'none', overflow: 'visible' } },
    }),
  },
});

// dimmed text (descriptions, hints) one shade darker than Mantine's default, and field errors in red-8
// (red-6 is 3.6:1 on white), for 4.5:1 contrast
const cssVariables: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
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
