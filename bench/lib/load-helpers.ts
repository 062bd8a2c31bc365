/** Small helpers of `npm run bench:load`: environment parameters, RSS sampling, formatting, Markdown tables. */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** A positive integer from the environment, within [min, max]; throws a message naming the variable otherwise. */
export function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}; received "${raw}"`);
  }
  return value;
}

/** A comma-separated list of integers from the environment, each within [min, max]; throws naming the variable otherwise. */
export function envIntList(name: string, fallback: string, min: number, max: number): number[] {
  return (process.env[name]?.trim() || fallback)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((raw) => {
      const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new Error(`${name} must list integers from ${min} to ${max}; received "${raw}"`);
      }
      return value;
    });
}

export interface RssReport {
  /** RSS when sampling started, bytes. */
  before: number;
  /** Highest RSS seen while sampling, bytes. */
  peak: number;
}

/**
 * Samples `process.memoryUsage().rss` every `intervalMs` until the returned function is called. The gateway, the
 * sandbox and autocannon share this process, so the figure covers all three. A busy event loop delays samples,
 * so a short spike between two samples can be missed.
 */
export function sampleRss(intervalMs = 100): () => RssReport {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { before, peak };
  };
}

let gcFunction: (() => void) | null | undefined;

/**
 * A full garbage collection, so that each run's RSS starts from the live heap rather than from what the previous
 * run left for the collector. `npm run bench:load` runs without --expose-gc, so the flag is set at runtime and the
 * function taken from a fresh context (a common benchmarking idiom). Returns false when unavailable.
 */
export function collectGarbage(): boolean {
  if (gcFunction === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const candidate: unknown = runInNewContext('gc');
      gcFunction = typeof candidate === 'function' ? (candidate as () => void) : null;
    } catch {
      gcFunction = null;
    }
  }
  gcFunction?.();
  return gcFunction !== null;
}

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)}`;

/** Fixed decimals, thousands grouped with a thin separator-free comma for readability in tables. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, header.map(() => '---'), ...rows];
  return lines.map((row) => `| ${row.join(' | ')} |`).join('\n');
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Logs progress on stderr so stdout stays pure Markdown. */
export function progress(message: string): void {
  process.stderr.write(`[bench:load] ${message}\n`);
}
