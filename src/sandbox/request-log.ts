import type { RequestLogEntry } from './types.js';

/** How many entries the log keeps by default: enough for any test or bench window, bounded for a long `npm start`. */
const DEFAULT_MAX_LOG_ENTRIES = 10_000;

/**
 * The log of /rest/ requests; entries never hold a token (only its hash). It keeps the newest `maxEntries` (a ring):
 * unbounded, a sandbox serving a long-running `npm start` or a benchmark grew by a few KB per request for ever.
 * `dropped` says how many older entries went since the last clear, so a reader counting requests can tell that its
 * window overflowed instead of counting short.
 */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  /** Index of the oldest entry once the ring is full. */
  private head = 0;
  private seq = 0;
  private droppedCount = 0;

  constructor(private readonly maxEntries = DEFAULT_MAX_LOG_ENTRIES) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new RangeError(`maxLogEntries must be a positive integer; received ${String(maxEntries)}`);
    }
  }

  append(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full: RequestLogEntry = { seq: ++this.seq, ...entry };
    if (this.entries.length < this.maxEntries) {
      this.entries.push(full);
    } else {
      this.entries[this.head] = full;
      this.head = (this.head + 1) % this.maxEntries;
      this.droppedCount += 1;
    }
    return full;
  }

  /** The kept entries, oldest first. */
  list(): RequestLogEntry[] {
    return structuredClone([...this.entries.slice(this.head), ...this.entries.slice(0, this.head)]);
  }

  /** Entries dropped (the oldest) since the last clear. */
  get dropped(): number {
    return this.droppedCount;
  }

  clear(): void {
    this.entries = [];
    this.head = 0;
    this.seq = 0;
    this.droppedCount = 0;
  }
}
