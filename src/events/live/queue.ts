/**
 * One subscription's outbox: an async iterator that buffers at most `maxQueued` undelivered values. A consumer that
 * falls further behind is ended with a SLOW_CONSUMER error rather than holding memory for it. Hand-written because
 * Repeater's buffers either block the producer (which here is a fan-out shared by every subscriber) or drop values
 * silently (SlidingBuffer), and neither tells the client why.
 */
import { LiveUpdateError } from './errors.js';

export interface Outbox<T> extends AsyncIterableIterator<T> {
  push(value: T): void;
  fail(error: Error): void;
  readonly closed: boolean;
}

export function createOutbox<T>(maxQueued: number, onClose: () => void): Outbox<T> {
  const queued: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let waitingReject: ((error: Error) => void) | undefined;
  let failure: Error | undefined;
  let closed = false;

  const close = (): void => {
    if (closed) return;
    closed = true;
    onClose();
  };

  const outbox: Outbox<T> = {
    get closed() {
      return closed;
    },
    push(value) {
      if (closed) return;
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        waitingReject = undefined;
        resolve({ value, done: false });
        return;
      }
      if (queued.length >= maxQueued) {
        outbox.fail(new LiveUpdateError('SLOW_CONSUMER', `The subscriber fell more than ${maxQueued} changes behind and was disconnected; resubscribe.`));
        return;
      }
      queued.push(value);
    },
    fail(error) {
      if (closed) return;
      failure = error;
      queued.length = 0;
      if (waitingReject) {
        const reject = waitingReject;
        waiting = undefined;
        waitingReject = undefined;
        reject(error);
      }
      close();
    },
    next() {
      if (queued.length > 0) return Promise.resolve({ value: queued.shift() as T, done: false });
      if (failure) {
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        waiting = resolve;
        waitingReject = reject;
      });
    },
    return() {
      queued.length = 0;
      failure = undefined;
      if (waiting) waiting({ value: undefined, done: true });
      waiting = undefined;
      waitingReject = undefined;
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
    throw(error?: unknown) {
      return outbox.return!().then(() => Promise.reject(error instanceof Error ? error : new Error(String(error))));
    },
    [Symbol.asyncIterator]() {
      return outbox;
    },
  };
  return outbox;
}
