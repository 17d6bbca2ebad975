// GraphiQL 5 with its Monaco editors; the workers are bundled by Vite (assets/*.worker-*.js, served from 'self')
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { Alert, Anchor, Box, Group, Text } from '@mantine/core';
import { IconExternalLink, IconInfoCircle } from '@tabler/icons-react';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import type { ExecutionResult } from 'graphql';
import { useMemo } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { SESSION_ENDED, useSession } from '../auth/session-context';

const DEFAULT_QUERY = `# Requests run as you: your session token is sent as the Authorization header.
query Me {
  me {
    type
    user { email name }
    tenant { name }
    grants { roleKey level }
  }
}
`;

/**
 * GraphiQL keeps tabs, history and headers in localStorage by default: this one keeps them in
 * memory for the page's lifetime only, so nothing (least of all the token) outlives the tab.
 */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

type Fetcher = GraphiQLProps['fetcher'];

/**
 * POSTs to /graphql with the session token (headers typed in GraphiQL's editor come on top);
 * UNAUTHENTICATED ends the session.
 */
function sessionFetcher(token: string, signOut: (notice: string) => void): Fetcher {
  return async (params, options) => {
    // an Authorization typed into the headers editor replaces the session's (and its refusal does not end the session)
    const ownAuthorization = Object.keys(options?.headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(ownAuthorization ? {} : { authorization: `Bearer ${token}` }),
        ...options?.headers,
      },
      body: JSON.stringify(params),
    });
    const result = (await response.json()) as ExecutionResult;
    if (!ownAuthorization && result.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED'))
      signOut(SESSION_ENDED);
    return result;
  };
}

/** API: an offline GraphQL explorer (bundled GraphiQL) signed in as the current session, plus the other API tools. */
export default function ExplorerPage() {
  const { token, signOut } = useSession();
  const fetcher = useMemo(() => sessionFetcher(token ?? '', signOut), [token, signOut]);
  const storage = useMemo(memoryStorage, []);
  return (
    <>
      <PageHeader
        title="API explorer"
        description="Run GraphQL queries and mutations against this Keyward as yourself. Nothing here is saved: tabs and history end with the page."
      />
      <Alert variant="light" color="indigo" icon={<IconInfoCircle size={18} />} mb="md" title="Other API tools">
        <Group gap="lg" wrap="wrap">
          <Text size="sm">
            REST API reference (OpenAPI):{' '}
            <Anchor href="/docs" target="_blank" rel="noopener noreferrer" data-testid="rest-docs-link">
              /docs <IconExternalLink size={12} aria-hidden />
            </Anchor>
          </Text>
          <Text size="sm">
            Apollo Sandbox:{' '}
            <Anchor href="/graphql" target="_blank" rel="noopener noreferrer" data-testid="sandbox-link">
              /graphql <IconExternalLink size={12} aria-hidden />
            </Anchor>{' '}
            (opened in a browser; loads from Apollo's CDN, so it needs internet access)
          </Text>
        </Group>
      </Alert>
      <Box
        data-testid="graphiql"
        h="calc(100vh - 250px)"
        mih={480}
        style={{
          border: '1px solid var(--mantine-color-gray-3)',
          borderRadius: 'var(--mantine-radius-md)',
          overflow: 'hidden',
        }}
      >
        <GraphiQL
          fetcher={fetcher}
          storage={storage}
          defaultQuery={DEFAULT_QUERY}
          shouldPersistHeaders={false}
          showPersistHeadersSettings={false}
          forcedTheme="light"
        >
          {/* our name in place of GraphiQL's logo link (its pale link colour fails the contrast check) */}
          <GraphiQL.Logo>
            <Text fw={600} c="dark.7">
              Keyward
            </Text>
          </GraphiQL.Logo>
        </GraphiQL>
      </Box>
    </>
  );
}
