/**
 * Wires live updates into the gateway: re-reads go through the gateway's Bitrix24 client (limiter, retries) with
 * fresh loaders per event; Bitrix24's online events come in on config.events.path (useBitrix24Events); the offline
 * poller calls with the configured administrator token.
 */
import type { Plugin } from 'graphql-yoga';
import { Bitrix24Error, type Bitrix24Client, type Group } from '../bitrix24/index.js';
import type { GatewayConfig } from '../config.js';
import { createLiveUpdates, type LiveReader, type LiveUpdates } from '../events/index.js';
import type { Logger } from '../logger.js';
import type { GatewayContext } from '../schema/context.js';
import { createLoaders, type Loaders } from '../workgroups/index.js';

export type GatewayLiveUpdates = LiveUpdates<Group, Loaders>;

/** Bitrix24 says the token is no good: the subscriber must authenticate again. */
const AUTH_FAILURE_CODES = new Set(['expired_token', 'invalid_token', 'authorization_error', 'NO_AUTH_FOUND']);

function isAuthFailure(error: unknown): boolean {
  return error instanceof Bitrix24Error && AUTH_FAILURE_CODES.has(error.code);
}

/**
 * The hub's view of one fresh loader set. `d7Api`: the caller's relation to one group, pending request or
 * invitation included, comes from the standing loader (`socialnetwork.api.workgroup.get` with USER_DATA, one call
 * per group in the same batch); without D7 nothing can read a pending state, so the reader has no `relation`.
 */
function liveReaderOf(loaders: Loaders, d7Api: boolean): LiveReader<Group> {
  const reader: LiveReader<Group> = {
    group: (id) => loaders.groupById.load(id),
    members: (id) => loaders.membersByGroup.load(id).then((members) => members.map((m) => ({ userId: m.userId, role: m.role }))),
    viewerGroups: () => loaders.viewerGroups().then((groups) => new Map(groups.map((g) => [g.groupId, g.role]))),
  };
  if (d7Api) reader.relation = (id) => loaders.standing.load(id).then((standing) => standing?.relation ?? null);
  return reader;
}

export function createGatewayLiveUpdates(config: GatewayConfig, client: Bitrix24Client, logger: Logger): GatewayLiveUpdates {
  const adminToken = config.events.adminToken;
  return createLiveUpdates<Group, Loaders>({
    config: config.events,
    redis: config.redis,
    portal: config.portalUrl.origin,
    openRead(caller) {
      const session = client.session(new URL(caller.portal), caller.token);
      const loaders = createLoaders(() => session);
      return { reader: liveReaderOf(loaders, config.d7Api), loaders };
    },
    isAuthFailure,
    // A session per call, on purpose: a session marks every request after its first as a follow-up of an operation
    // under way (the limiter lets those go first); one long-lived admin session would give every poll that priority.
    adminCall: adminToken
      ? async (method, params, options) => (await client.session(config.portalUrl, adminToken).call(method, params, options)).result
      : undefined,
    logger: logger.child({ component: 'live-updates' }),
  });
}

/**
 * POST config.events.path → the intake. Registered first: Bitrix24's form POST must not meet the CSRF check meant
 * for GraphQL requests, and the request never reaches yoga's GraphQL handling.
 */
export function useBitrix24Events(live: GatewayLiveUpdates, path: string): Plugin<GatewayContext> {
  return {
    // Not async: only the events path needs a promise, every other request passes through synchronously.
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== path) return undefined;
      return live.handleDelivery(request).then(endResponse);
    },
  };
}
