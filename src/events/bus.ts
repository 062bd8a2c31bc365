/**
 * Pub/sub for group signals: yoga's createPubSub, in memory, or across replicas over Redis pub/sub
 * (@graphql-yoga/redis-event-target) when REDIS_URL is set. Every replica subscribed to the topic receives every
 * signal, then re-reads for its own subscribers.
 */
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from 'graphql-yoga';
import { Redis } from 'ioredis';
import type { GroupSignal } from './signals.js';

const GROUP_SIGNAL_TOPIC = 'bitrix24:group-signal';

export interface SignalBus {
  publish(signal: GroupSignal): void;
  subscribe(): AsyncIterable<GroupSignal>;
  close(): Promise<void>;
}

export function createSignalBus(options: { redisUrl?: string | undefined; channelPrefix?: string } = {}): SignalBus {
  if (options.redisUrl === undefined) {
    const pubSub = createPubSub<{ [GROUP_SIGNAL_TOPIC]: [GroupSignal] }>();
    return {
      publish: (signal) => pubSub.publish(GROUP_SIGNAL_TOPIC, signal),
      subscribe: () => pubSub.subscribe(GROUP_SIGNAL_TOPIC),
      close: async () => undefined,
    };
  }
  // Two connections: a Redis connection in subscriber mode cannot publish.
  const publishClient = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  // ioredis reconnects by itself; an 'error' listener keeps a dropped connection from crashing the process.
  publishClient.on('error', () => undefined);
  subscribeClient.on('error', () => undefined);
  const eventTarget = createRedisEventTarget<CustomEvent<GroupSignal>>({ publishClient, subscribeClient });
  const pubSub = createPubSub<Record<string, [GroupSignal]>>({ eventTarget });
  // The Redis channel carries REDIS_KEY_PREFIX, so gateways of several environments sharing one Redis stay apart.
  const topic = `${options.channelPrefix ?? ''}${GROUP_SIGNAL_TOPIC}`;
  return {
    publish: (signal) => pubSub.publish(topic, signal),
    subscribe: () => pubSub.subscribe(topic),
    async close() {
      await Promise.allSettled([publishClient.quit(), subscribeClient.quit()]);
    },
  };
}
