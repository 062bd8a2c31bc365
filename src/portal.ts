/**
 * Which portal a request goes to. Single-portal mode: always BITRIX24_PORTAL_URL. Multi-portal mode (an app installed
 * on several portals): the `X-Bitrix24-Domain` header picks one of BITRIX24_ALLOWED_PORTALS.
 *
 * The header is attacker-controlled, so it never becomes a URL: it is only compared, as an exact host string, with
 * the hosts of the configured allowlist, and the URL used is the configured one. Anything else (IP literals, other
 * domains, suffix tricks like `portal.bitrix24.com.evil.example.com`, userinfo, ports, paths, trailing dots) is
 * refused before any upstream call. Without this, the header would be an SSRF primitive.
 */

export const PORTAL_HEADER = 'x-bitrix24-domain';

export type PortalChoice = { ok: true; portal: URL } | { ok: false; reason: string };

/** `host` of a configured portal URL, lowercased: `portal.bitrix24.com`, or `127.0.0.1:4100` for a local sandbox. */
function hostOf(url: URL): string {
  return url.host.toLowerCase();
}

/** A host as a header may name it: a DNS name, optionally with a port. No IP literal checks here: only allowlist equality matters. */
const HOST_SHAPE = /^[a-z0-9.-]{1,253}(:\d{1,5})?$/;

export function choosePortal(header: string | null | undefined, defaultPortal: URL, allowed: readonly URL[]): PortalChoice {
  if (header === null || header === undefined) return { ok: true, portal: defaultPortal };
  const value = header.trim().toLowerCase();
  if (allowed.length === 0) {
    return { ok: false, reason: `${PORTAL_HEADER} is not accepted: this gateway serves one portal (BITRIX24_ALLOWED_PORTALS is empty)` };
  }
  if (!HOST_SHAPE.test(value)) {
    return { ok: false, reason: `${PORTAL_HEADER} must be a portal domain such as your-portal.bitrix24.com` };
  }
  // The default portal is always one of the choices: naming it explicitly must not be refused.
  const match = [defaultPortal, ...allowed].find((portal) => hostOf(portal) === value);
  if (!match) return { ok: false, reason: `${PORTAL_HEADER} names a portal that is not on this gateway's allowlist` };
  return { ok: true, portal: match };
}
