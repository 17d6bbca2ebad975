/** The session token lives in sessionStorage only: it ends with the tab, and never reaches localStorage or a URL. */
const TOKEN_KEY = 'keyward.session';

export function readToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
