/**
 * A subscription's source stream as GraphQL consumes it. GraphQL-js rethrows an error thrown by a source iterator
 * as an exception, which each transport reports differently (graphql-ws closes the whole socket with 4500). So an
 * ending error travels as a last value instead: the field's resolver turns it into a GraphQL error with its code
 * (UNAUTHENTICATED, SLOW_CONSUMER, ...) on that one subscription, and the stream then completes.
 */
import { LiveUpdateError } from './errors.js';

export type StreamItem<T> = { ok: true; value: T } | { ok: false; error: LiveUpdateError };

export function endWithErrorValue<T>(source: AsyncIterableIterator<T>): AsyncIterableIterator<StreamItem<T>> {
  let finished = false;
  const iterator: AsyncIterableIterator<StreamItem<T>> = {
    async next() {
      if (finished) return { value: undefined, done: true };
      try {
        const next = await source.next();
        if (next.done) {
          finished = true;
          return { value: undefined, done: true };
        }
        return { value: { ok: true, value: next.value }, done: false };
      } catch (error) {
        finished = true;
        const live = error instanceof LiveUpdateError ? error : new LiveUpdateError('UPSTREAM_UNAVAILABLE', 'The live update stream failed; resubscribe.');
        return { value: { ok: false, error: live }, done: false };
      }
    },
    async return() {
      finished = true;
      await source.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
