/** `batch` (protocol §5): cmd parsing with PHP parse_str, halt, 50 max, result maps, `$result[...]` references. */
import { RestError } from './envelope.js';
import type { ErrorBody } from './envelope.js';
import { isPhpArray, parsePhpQuery, phpIsTrue } from './php-query.js';

export const BATCH_MAX_LENGTH = 50;

export interface SubCallSuccess {
  ok: true;
  result: unknown;
  total?: number;
  next?: number;
  time: unknown;
}
export interface SubCallFailure {
  ok: false;
  error: ErrorBody;
}
export type SubCallRunner = (method: string, params: Record<string, unknown>) => SubCallSuccess | SubCallFailure;

export interface ParsedCommand {
  key: string;
  /** undefined when the command is not a string (skipped silently, but counted). */
  method?: string;
  query?: string;
}

/** Top-level keys are case-insensitive (`cmd`/`CMD`, `halt`/`HALT`). */
export function readBatchParams(params: Record<string, unknown>): { commands: ParsedCommand[]; halt: boolean } {
  let cmd: unknown;
  let halt: unknown;
  for (const [k, v] of Object.entries(params)) {
    const lk = k.toLowerCase();
    if (lk === 'cmd') cmd = v;
    else if (lk === 'halt') halt = v;
  }
  const entries: [string, unknown][] = Array.isArray(cmd)
    ? cmd.map((v, i) => [String(i), v])
    : isPhpArray(cmd)
      ? Object.entries(cmd)
      : [];
  const commands = entries.map(([key, call]): ParsedCommand => {
    if (typeof call !== 'string') return { key };
    // parse_url: path = method, query = parameters (a fragment is dropped)
    const noFragment = call.split('#')[0] ?? '';
    const q = noFragment.indexOf('?');
    const method = (q < 0 ? noFragment : noFragment.slice(0, q)).trim();
    return { key, method, query: q < 0 ? '' : noFragment.slice(q + 1) };
  });
  return { commands, halt: phpIsTrue(halt) };
}

/** PHP json_encode of an array: a JSON array when the keys are exactly 0..n-1 in order (empty → []). */
export function phpMap(entries: [string, unknown][]): unknown {
  if (entries.every(([k], i) => k === String(i))) return entries.map(([, v]) => v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = v;
  return out;
}

type Maps = Record<'result' | 'next' | 'total' | 'time' | 'error', Map<string, unknown>>;

function walk(root: Map<string, unknown>, path: string): unknown {
  const segs = [...path.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '');
  if (segs.length === 0) return Object.fromEntries(root);
  const first = segs[0] ?? '';
  if (!root.has(first)) return Object.fromEntries(root);
  let cur: unknown = root.get(first);
  for (const seg of segs.slice(1)) {
    if (Array.isArray(cur) && /^\d+$/.test(seg) && Number(seg) < cur.length) cur = cur[Number(seg)];
    else if (cur !== null && typeof cur === 'object' && !Array.isArray(cur) && Object.hasOwn(cur, seg)) {
      cur = (cur as Record<string, unknown>)[seg];
    } else break; // a missing segment stops the walk: the deepest value found so far is used
  }
  return cur;
}

const WHOLE_REF = /^\$(result|next|total|time|error)(\S*)$/;
const EMBEDDED_REF = /\$(result|next|total|time|error)((?:\[[^\]\s]*\])*)/g;

/** Replaces `$result[key][field]`-style references inside sub-call params (protocol §5.1). */
export function substituteReferences(value: unknown, maps: Maps): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_REF.exec(value);
    if (whole) return walk(maps[whole[1] as keyof Maps], whole[2] ?? '');
    if (!value.includes('$')) return value;
    return value.replace(EMBEDDED_REF, (m: string, root: string, path: string) => {
      const v = walk(maps[root as keyof Maps], path);
      return typeof v === 'string' ? v : m;
    });
  }
  if (Array.isArray(value)) return value.map((v) => substituteReferences(v, maps));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteReferences(v, maps)]));
  }
  return value;
}

export function runBatch(params: Record<string, unknown>, run: SubCallRunner): Record<string, unknown> {
  const { commands, halt } = readBatchParams(params);
  const maps: Maps = { result: new Map(), next: new Map(), total: new Map(), time: new Map(), error: new Map() };
  let count = 0;
  for (const c of commands) {
    if (count++ >= BATCH_MAX_LENGTH) {
      maps.error.set(c.key, new RestError('ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded', 400).body());
      continue;
    }
    if (c.method === undefined) continue;
    const method = c.method.toLowerCase();
    let outcome: SubCallSuccess | SubCallFailure;
    if (method === 'batch') {
      outcome = { ok: false, error: new RestError('ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage', 405).body() };
    } else {
      const sub = substituteReferences(parsePhpQuery(c.query ?? ''), maps) as Record<string, unknown>;
      outcome = run(method, sub);
    }
    if (outcome.ok) {
      maps.result.set(c.key, outcome.result);
      if (outcome.total !== undefined) maps.total.set(c.key, outcome.total);
      if (outcome.next !== undefined) maps.next.set(c.key, outcome.next);
      maps.time.set(c.key, outcome.time);
    } else {
      maps.error.set(c.key, outcome.error);
      if (halt) break;
    }
  }
  return {
    result: phpMap([...maps.result]),
    result_error: phpMap([...maps.error]),
    result_total: phpMap([...maps.total]),
    result_next: phpMap([...maps.next]),
    result_time: phpMap([...maps.time]),
  };
}

/** Methods in cmd order (lowercased; non-string commands are left out) for the request log. */
export function batchMethodNames(params: Record<string, unknown>): { methods: string[]; size: number } {
  const { commands } = readBatchParams(params);
  return { methods: commands.flatMap((c) => (c.method === undefined ? [] : [c.method.toLowerCase()])), size: commands.length };
}
