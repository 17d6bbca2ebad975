import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { Client, Provider, cacheExchange, fetchExchange, mapExchange } from 'urql';
import { forgetToken, readNotice, readToken, storeNotice, storeToken } from '../../lib/session';

interface SessionState {
  token: string | null;
  /** Why the user was sent back to sign-in (expired or revoked session). */
  notice: string | null;
  signIn(token: string): void;
  signOut(notice?: string): void;
}

const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export const SESSION_ENDED = 'Your session has expired or was revoked. Sign in again.';

/** Holds the session token and the urql client that sends it; an UNAUTHENTICATED answer ends the session. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(() => readToken());
  const [notice, setNotice] = useState<string | null>(() => readNotice());
  const tokenRef = useRef(token);
  tokenRef.current = token;

  const signIn = useCallback((next: string) => {
    storeToken(next);
    storeNotice(null);
    setNotice(null);
    setToken(next);
  }, []);
  const signOut = useCallback((message?: string) => {
    forgetToken();
    storeNotice(message ?? null);
    setNotice(message ?? null);
    setToken(null);
  }, []);

  // a new client per session (it sends that session's token): nothing cached for one user is shown to the next
  const client = useMemo(
    () =>
      new Client({
        url: '/graphql',
        preferGetMethod: false,
        requestPolicy: 'cache-and-network',
        exchanges: [
          cacheExchange,
          mapExchange({
            onError(error) {
              const unauthenticated = error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
              // only while its session is the current one (not after a sign-out or another sign-in)
              if (unauthenticated && token && tokenRef.current === token) signOut(SESSION_ENDED);
            },
          }),
          fetchExchange,
        ],
        fetchOptions: () => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
      }),
    [token, signOut],
  );

  const state = useMemo(() => ({ token, notice, signIn, signOut }), [token, notice, signIn, signOut]);
  return (
    <SessionContext.Provider value={state}>
      <Provider value={client}>{children}</Provider>
    </SessionContext.Provider>
  );
}
