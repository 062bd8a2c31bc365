/**
 * Where the bearer token comes from. In this example: `?token=<token>` in the URL, or the sign-in form. Inside a real
 * Bitrix24 portal the app runs in an iframe and asks the portal's frontend SDK instead (docs/web.md, "The token").
 * The token is kept in the tab's sessionStorage, not in the address: the tab's history entries and a copied link
 * would carry it there.
 */

/** The embedded sandbox's demo tokens (src/sandbox/seed.ts), offered by the sign-in form. */
export const DEMO_TOKENS: readonly { token: string; who: string }[] = [
  { token: 'demo-user', who: 'Dmitry Demo: owns, moderates and belongs to several groups' },
  { token: 'demo-user-2', who: 'Elena Demo-Two: a second user, to request and be accepted' },
  { token: 'demo-admin', who: 'Anna Admin: the portal administrator' },
];

export function tokenFromUrl(href: string): string | null {
  const token = new URL(href).searchParams.get('token')?.trim();
  return token ? token : null;
}

/** The same address with the token set (or removed). */
export function urlWithToken(href: string, token: string | null): string {
  const url = new URL(href);
  if (token) url.searchParams.set('token', token);
  else url.searchParams.delete('token');
  return url.toString();
}

const STORAGE_KEY = 'workgroups.token';

/** sessionStorage may be unavailable (storage disabled, a sandboxed iframe): the session then lasts until a reload. */
function tabStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/**
 * The token the page starts with: `?token=` in the address, which is then taken out of it (history.replaceState, so
 * the entry point leaves no token in the history), else the one this tab signed in with before a reload.
 */
export function takeStartToken(): string | null {
  const fromUrl = tokenFromUrl(window.location.href);
  if (!fromUrl) return tabStorage()?.getItem(STORAGE_KEY) ?? null;
  window.history.replaceState(window.history.state, '', urlWithToken(window.location.href, null));
  keepToken(fromUrl);
  return fromUrl;
}

/** Keeps (or, with null, forgets) the token for this tab: a reload keeps the session, closing the tab ends it. */
export function keepToken(token: string | null): void {
  try {
    if (token) tabStorage()?.setItem(STORAGE_KEY, token);
    else tabStorage()?.removeItem(STORAGE_KEY);
  } catch {
    // a full or refused storage: the session lasts until a reload
  }
}
