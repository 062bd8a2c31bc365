/**
 * Where the bearer token comes from. In this example: `?token=<token>` in the URL, or the sign-in form. Inside a real
 * Bitrix24 portal the app runs in an iframe and asks the portal's frontend SDK instead (docs/web.md, "The token").
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

/** The same address with the token set (or removed): the URL is where this example keeps it, so a reload keeps it. */
export function urlWithToken(href: string, token: string | null): string {
  const url = new URL(href);
  if (token) url.searchParams.set('token', token);
  else url.searchParams.delete('token');
  return url.toString();
}
