import type { RequestLogEntry } from './types.js';

/** Append-only log of /rest/ requests; entries never hold a token (only its hash). */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  append(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full: RequestLogEntry = { seq: ++this.seq, ...entry };
    this.entries.push(full);
    return full;
  }

  list(): RequestLogEntry[] {
    return structuredClone(this.entries);
  }

  clear(): void {
    this.entries = [];
    this.seq = 0;
  }
}
