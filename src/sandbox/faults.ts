/** Fault injection: rates (seeded PRNG), a one-shot queue and item-level sub-call faults (an error, or a canned answer). */
import { createPrng } from './prng.js';

export interface FaultSpec {
  latencyMs?: number;
  latencyJitterMs?: number;
  serverErrorRate?: number;
  resetRate?: number;
  malformedRate?: number;
  malformedKind?: 'html' | 'truncated' | 'empty';
  queryLimitRate?: number;
  methods?: string[];
  seed?: number;
}

export type OneShotKind = 'server_error' | 'html' | 'truncated' | 'empty' | 'reset' | 'hang' | 'query_limit' | 'latency';

export interface OneShotFault {
  kind: OneShotKind;
  count?: number;
  latencyMs?: number;
  method?: string;
}

/**
 * One method's calls (optionally only those whose top-level params equal `paramEquals`) answered without running the
 * method: either an error (`error`, `errorDescription`, `status`), or, with `result`, a success `{"result": <result>}`.
 * The second is how a real portal refuses quietly (`result: false` with no error) or skips silently (`result: true`
 * with nothing changed): the store is left as it was either way. Exactly one of `error` and `result` is given.
 */
export interface SubCallFault {
  method: string;
  paramEquals?: Record<string, string>;
  error?: string;
  errorDescription?: string;
  status?: number;
  result?: unknown;
}

export interface FaultController {
  set(spec: FaultSpec): void;
  enqueue(...faults: OneShotFault[]): void;
  failSubCall(fault: SubCallFault): void;
  clear(): void;
  state(): { spec: FaultSpec; queued: OneShotFault[]; subCalls: SubCallFault[] };
}

/** What the server must do for one /rest/ request. `kind` undefined = answer normally. */
export interface FaultDecision {
  kind?: Exclude<OneShotKind, 'latency'>;
  delayMs: number;
  /** Label for the request log ('latency' when only a delay was injected). */
  label?: string;
}

const KINDS: readonly OneShotKind[] = ['server_error', 'html', 'truncated', 'empty', 'reset', 'hang', 'query_limit', 'latency'];

export class Faults implements FaultController {
  private spec: FaultSpec = {};
  private queue: OneShotFault[] = [];
  private subCalls: SubCallFault[] = [];
  private rnd: () => number = createPrng(1);

  set(spec: FaultSpec): void {
    validateSpec(spec);
    this.spec = { ...spec, methods: spec.methods?.map((m) => m.toLowerCase()) };
    if (this.spec.methods === undefined) delete this.spec.methods;
    this.rnd = createPrng(spec.seed ?? 1);
  }

  enqueue(...faults: OneShotFault[]): void {
    for (const f of faults) {
      if (!KINDS.includes(f.kind)) throw new Error(`unknown fault kind: ${String(f.kind)}`);
      const count = f.count ?? 1;
      if (!Number.isInteger(count) || count < 1) throw new Error('fault count must be a positive integer');
      this.queue.push({ ...f, count, method: f.method?.toLowerCase() });
    }
  }

  failSubCall(fault: SubCallFault): void {
    if (typeof fault !== 'object' || fault === null || typeof fault.method !== 'string') throw new Error('sub-call fault needs method');
    const answers = 'result' in fault;
    if (answers === (fault.error !== undefined)) throw new Error('sub-call fault needs exactly one of error and result');
    if (!answers && typeof fault.error !== 'string') throw new Error('sub-call fault error must be a string');
    this.subCalls.push({ ...fault, method: fault.method.toLowerCase() });
  }

  clear(): void {
    this.spec = {};
    this.queue = [];
    this.subCalls = [];
    this.rnd = createPrng(1);
  }

  state(): { spec: FaultSpec; queued: OneShotFault[]; subCalls: SubCallFault[] } {
    return structuredClone({ spec: this.spec, queued: this.queue, subCalls: this.subCalls });
  }

  /** Consumes the queue / rolls the rates for one request to `method` (the outer method, 'batch' for batches). */
  decide(method: string): FaultDecision {
    let delayMs = this.spec.latencyMs ?? 0;
    if (this.spec.latencyJitterMs) delayMs += Math.floor(this.rnd() * (this.spec.latencyJitterMs + 1));
    const label: string | undefined = delayMs > 0 ? 'latency' : undefined;

    const idx = this.queue.findIndex((f) => f.method === undefined || f.method === method);
    const queued = idx >= 0 ? this.queue[idx] : undefined;
    if (queued) {
      queued.count = (queued.count ?? 1) - 1;
      if (queued.count <= 0) this.queue.splice(idx, 1);
      if (queued.kind === 'latency') return { delayMs: delayMs + (queued.latencyMs ?? 0), label: 'latency' };
      return { kind: queued.kind, delayMs, label: queued.kind };
    }

    const s = this.spec;
    if (s.methods === undefined || s.methods.includes(method)) {
      const roll = (rate: number | undefined): boolean => rate !== undefined && rate > 0 && this.rnd() < rate;
      if (roll(s.serverErrorRate)) return { kind: 'server_error', delayMs, label: 'server_error' };
      if (roll(s.resetRate)) return { kind: 'reset', delayMs, label: 'reset' };
      if (roll(s.malformedRate)) {
        const kind = s.malformedKind ?? 'html';
        return { kind, delayMs, label: kind };
      }
      if (roll(s.queryLimitRate)) return { kind: 'query_limit', delayMs, label: 'query_limit' };
    }
    if (label === undefined) return { delayMs };
    return { delayMs, label };
  }

  /** The first sub-call fault matching a (lowercased) method and its params. */
  subCallFault(method: string, params: Record<string, unknown>): SubCallFault | undefined {
    return this.subCalls.find(
      (f) =>
        f.method === method &&
        Object.entries(f.paramEquals ?? {}).every(([k, v]) => {
          const actual = params[k];
          return (typeof actual === 'string' || typeof actual === 'number' || typeof actual === 'boolean') && String(actual) === v;
        }),
    );
  }
}

function validateSpec(spec: FaultSpec): void {
  for (const k of ['serverErrorRate', 'resetRate', 'malformedRate', 'queryLimitRate'] as const) {
    const v = spec[k];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) throw new Error(`${k} must be a number in 0..1`);
  }
  for (const k of ['latencyMs', 'latencyJitterMs'] as const) {
    const v = spec[k];
    if (v !== undefined && (typeof v !== 'number' || v < 0)) throw new Error(`${k} must be a non-negative number`);
  }
}
