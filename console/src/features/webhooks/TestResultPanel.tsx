import { Box, Paper, Text } from '@mantine/core';
import type { WebhookAttemptFieldsFragment } from '../../gql/graphql';
import { formatDateTime } from '../../lib/format';

/** The Send test answer in a terminal-style panel: status, duration, error and response body. */
export function TestResultPanel({ attempt }: { attempt: WebhookAttemptFieldsFragment }) {
  const ok =
    attempt.statusCode !== null &&
    attempt.statusCode !== undefined &&
    attempt.statusCode >= 200 &&
    attempt.statusCode < 300;
  return (
    <Paper
      p="md"
      radius="md"
      data-testid="test-result"
      aria-label="Test delivery result"
      role="region"
      style={{
        background: '#111418',
        color: '#d6deeb',
        fontFamily: 'var(--mantine-font-family-monospace)',
        fontSize: 13,
      }}
    >
      <Text ff="monospace" size="sm" c="#8fa1b3">
        $ POST webhook.test · {formatDateTime(attempt.attemptedAt)}
      </Text>
      <Box mt={6}>
        <span style={{ color: ok ? '#7fdb8a' : '#ff8a8a' }} data-testid="test-status">
          HTTP {attempt.statusCode ?? '—'}
        </span>
        <span style={{ color: '#8fa1b3' }}> · </span>
        <span data-testid="test-duration">{attempt.durationMs} ms</span>
      </Box>
      {attempt.error && (
        <Box mt={6} style={{ color: '#ff8a8a' }} data-testid="test-error">
          error: {attempt.error}
        </Box>
      )}
      <Box
        component="pre"
        mt={6}
        mb={0}
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}
        data-testid="test-body"
      >
        {attempt.responseBody || '(empty response body)'}
      </Box>
    </Paper>
  );
}
