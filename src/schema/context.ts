/**
 * The per-request context: who is calling (their bearer token, taken from the Authorization header only), which
 * portal the request goes to, and lazily the caller's Bitrix24 session and loaders.
 */
import type { Bitrix24Client, Bitrix24Session } from '../bitrix24/index.js';
import type { GatewayConfig } from '../config.js';
import { createLoaders, NO_CHANGE_SINK, type ChangeSink, type LoaderFactory, type Loaders, type WorkgroupContext } from '../workgroups/index.js';
import { unauthenticated } from './errors.js';

/** A use case takes this context as it is (it is a WorkgroupContext). */
export interface GatewayContext extends WorkgroupContext {
  readonly config: GatewayConfig;
  readonly portal: URL;
  /** The caller's bearer token, or null when the request carried none. Never log it. */
  readonly token: string | null;
  /** The caller's session; throws UNAUTHENTICATED when there is no token, before any upstream call. */
  session(): Bitrix24Session;
  readonly loaders: Loaders;
  /** Fresh loaders for the same caller, for long-lived operations (a subscription re-reads with new ones per event). */
  readonly newLoaders: LoaderFactory;
  /** Where use cases report what they changed; a no-op until live updates are wired. */
  readonly changes: ChangeSink;
  /** Set when the request named a portal that is not allowed; the operation is then refused whole (FORBIDDEN). */
  readonly portalRefusal?: string | undefined;
  /** The HTTP request (yoga puts it in every context). */
  readonly request?: Request;
}

/** `Authorization: Bearer <token>` → token; anything else (absent, Basic, empty) → null. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}

export function createContext(options: {
  config: GatewayConfig;
  client: Bitrix24Client;
  portal: URL;
  portalRefusal?: string | undefined;
  authorization: string | null | undefined;
  signal?: AbortSignal | undefined;
  changes?: ChangeSink | undefined;
}): GatewayContext {
  const token = bearerToken(options.authorization);
  let session: Bitrix24Session | undefined;
  const getSession = (): Bitrix24Session => {
    if (token === null) throw unauthenticated('TOKEN_MISSING');
    session ??= options.client.session(options.portal, token, { signal: options.signal });
    return session;
  };
  return {
    config: options.config,
    portal: options.portal,
    token,
    portalRefusal: options.portalRefusal,
    session: getSession,
    // A plain property, not a getter: yoga spreads the context object, which would evaluate a getter eagerly.
    loaders: createLoaders(getSession),
    newLoaders: () => createLoaders(getSession),
    changes: options.changes ?? NO_CHANGE_SINK,
    d7Api: options.config.d7Api,
  };
}
