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

/** Why the session ended, kept until the next sign-in so a reload of the sign-in page still says it. */
const NOTICE_KEY = 'keyward.notice';

export function readNotice(): string | null {
  return sessionStorage.getItem(NOTICE_KEY);
}

export function storeNotice(notice: string | null): void {
  if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
  else sessionStorage.removeItem(NOTICE_KEY);
}
