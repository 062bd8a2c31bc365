/**
 * Live updates, assembled: where signals come from (the gateway's own writes, online deliveries, the offline
 * poller), how they travel (the signal bus: in memory, or Redis across replicas), and who re-reads them (the hub).
 * Free of GraphQL and HTTP frameworks: src/http/ mounts the intake and the transports, src/schema/ the fields.
 *
 *   use case change report ─┐
 *   POST /bitrix24/events ──┼─▶ bus.publish ─▶ (every replica) bus.subscribe ─▶ hub.onSignal ─▶ per-user re-read
 *   offline poller (lease) ─┘
 */
import { Bitrix24Error } from '../bitrix24/index.js';
import type { EventsConfig, RedisConfig } from '../config.js';
import { createSignalBus, type SignalBus } from './bus.js';
import { handleEventDelivery } from './intake.js';
import { createInProcessLease, createRedisLease } from './lease.js';
import { LiveHub, type LiveCaller, type LiveRead } from './live/hub.js';
import { createOfflinePoller, type AdminCall, type OfflinePoller } from './offline-poller.js';
import { signalKindOfChange } from './signals.js';

/** What a use case reports (src/workgroups' GroupChange, structurally). */
export interface ReportedChange {
  kind: string;
  groupId: number;
  userIds: readonly number[];
}

export interface ChangeSink {
  groupChanged(change: ReportedChange): void;
}

export interface EventsLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface LiveUpdatesOptions<G, L> {
  config: EventsConfig;
  /** REDIS_URL and REDIS_KEY_PREFIX: pub/sub across replicas and the offline-polling lease; undefined = in memory. */
  redis: RedisConfig | undefined;
  openRead(caller: LiveCaller): LiveRead<G, L>;
  /** The configured portal's origin: Bitrix24's events and the offline queue are that portal's. */
  portal: string;
  isAuthFailure(error: unknown): boolean;
  /** Calls with the configured administrator token (offline mode). */
  adminCall?: AdminCall | undefined;
  logger: EventsLogger;
}

export interface LiveUpdates<G, L> {
  readonly hub: LiveHub<G, L>;
  readonly poller: OfflinePoller | undefined;
  /** The use cases' change sink for one portal: publishes at once. The same sink for the same portal. */
  changesFor(portal: string): ChangeSink;
  /** The online intake (POST on config.path). */
  handleDelivery(request: Request): Promise<Response>;
  close(): Promise<void>;
}

export function createLiveUpdates<G, L>(options: LiveUpdatesOptions<G, L>): LiveUpdates<G, L> {
  const { config, redis, logger } = options;
  const bus: SignalBus = createSignalBus({ redisUrl: redis?.url, channelPrefix: redis?.keyPrefix });
  const hub = new LiveHub<G, L>({
    openRead: options.openRead,
    isAuthFailure: options.isAuthFailure,
    maxSubscriptionsPerToken: config.maxSubscriptionsPerToken,
    maxQueuedPerSubscription: config.maxQueuedPerSubscription,
    maxGroupsPerSubscription: config.maxGroupsPerSubscription,
    onError: (error) => logger.warn({ err: describe(error) }, 'live update re-read failed; subscribers keep their last state'),
  });

  const signals = bus.subscribe()[Symbol.asyncIterator]();
  const pump = (async () => {
    for (;;) {
      const next = await signals.next();
      if (next.done) return;
      hub.onSignal(next.value);
    }
  })();

  let poller: OfflinePoller | undefined;
  if (config.mode === 'offline') {
    if (!options.adminCall) throw new Error('offline events need an administrator call (BITRIX24_EVENTS_ADMIN_TOKEN)');
    // One lease per portal: replicas of one portal take turns, gateways of two portals sharing a Redis both poll.
    const lease = redis
      ? createRedisLease({
          redisUrl: redis.url,
          key: `${redis.keyPrefix}bitrix24:events:offline-lease:${options.portal}`,
          ttlMs: Math.max(config.pollIntervalMs * 3, 5_000),
        })
      : createInProcessLease();
    poller = createOfflinePoller({
      call: options.adminCall,
      lease,
      publish: (signal) => bus.publish({ ...signal, portal: options.portal }),
      intervalMs: config.pollIntervalMs,
      onError: (error) => logger.warn({ err: describe(error) }, 'offline event poll failed; retrying at the next interval'),
    });
    poller.start();
  }

  // One sink per portal, made on first use: the gateway asks for one on every GraphQL request, and the origins it
  // asks for are its configured portals only (src/portal.ts), so the map is as small as the allowlist.
  const sinks = new Map<string, ChangeSink>();
  const changesFor = (portal: string): ChangeSink => {
    let sink = sinks.get(portal);
    if (!sink) {
      sink = {
        groupChanged(change) {
          bus.publish({ groupId: change.groupId, kind: signalKindOfChange(change.kind), origin: 'gateway', userIds: [...change.userIds], portal });
        },
      };
      sinks.set(portal, sink);
    }
    return sink;
  };

  return {
    hub,
    poller,
    changesFor,
    handleDelivery: (request) =>
      handleEventDelivery(request, {
        applicationToken: config.applicationToken,
        publish: (signal) => bus.publish({ ...signal, portal: options.portal }),
        onRefused: (reason) => logger.warn({ reason }, 'Bitrix24 event refused'),
      }),
    /** Ends every stream at once (hub.close() runs before the first wait), then stops the poller and the bus. */
    async close() {
      hub.close();
      await poller?.stop();
      await signals.return?.();
      await pump.catch(() => undefined);
      await bus.close();
    },
  };
}

/**
 * Structured fields only, never a message or a stack: a Bitrix24Error's message carries Bitrix24's
 * error_description verbatim, which may echo the request and so a subscriber's or the administrator's token, and
 * pino redacts by key, not inside strings.
 */
function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Bitrix24Error) return { name: error.name, kind: error.kind, code: error.code, method: error.method };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' || typeof code === 'number' ? { name: error.name, code } : { name: error.name };
  }
  return { type: typeof error };
}
