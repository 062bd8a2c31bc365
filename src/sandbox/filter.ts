/**
 * FILTER evaluation shared by sonet_group.get (CSqlUtil semantics, protocol §4.3) and user.get (ORM-style,
 * protocol §7.17).
 * Parsing decides which keys survive; evaluation emulates MySQL with a case-insensitive collation.
 */
import { parseFilterDate } from './dates.js';
import { isPhpArray, isPlainObject, phpIntval, phpValues } from './php-query.js';

export type FieldType = 'int' | 'string' | 'date' | 'intArray';
export type FieldValue = string | number | null | number[];

export interface FieldDef<T> {
  type: FieldType;
  get(rec: T): FieldValue;
}

/** Base operators after the `!` has been split off. */
export type BaseOp = '=' | '<' | '<=' | '>' | '>=' | '%' | 'like';

export interface Condition<T> {
  field: FieldDef<T>;
  op: BaseOp;
  negate: boolean;
  /** Converted values: numbers for int fields, ms (or undefined when unparsable) for dates, strings otherwise. */
  values: (string | number | undefined)[];
}

export interface FilterContext {
  offsetMinutes: number;
  nowMs: number;
}

function convert(type: FieldType, v: unknown, ctx: FilterContext): string | number | undefined {
  if (type === 'int' || type === 'intArray') return rawIsEmptyInt(v) ? 0 : phpIntval(v);
  if (type === 'date') return parseFilterDate(v, ctx.offsetMinutes, ctx.nowMs);
  if (v === true) return '1';
  if (v === false || v === null || v === undefined) return '';
  return typeof v === 'object' ? '' : String(v);
}

function rawIsEmptyInt(v: unknown): boolean {
  return v === '' || v === 0 || v === '0' || v === null || v === false;
}

const SONET_PREFIXES = new Set(['', '!', '<', '<=', '>', '>=', '><', '!><', '?', '=', '!=', '%', '!%']);

/**
 * sonet_group.get FILTER (protocol §4.3): the REST sanitizer drops keys whose prefix is not in its list
 * (`@`, `=%`, `+`...);
 * CSqlUtil does not understand `><`/`!><` (the condition targets a non-existent field and is dropped);
 * unknown fields (case-sensitive, uppercase) are ignored; an array value is IN (negated: NOT IN);
 * `%` on numbers degrades to `=`; datetime fields take only `= < > <= >=` (anything else becomes `=`);
 * `?` (search) is treated as a substring match. An empty array is ignored.
 */
export function parseSonetFilter<T>(
  filter: unknown,
  fields: Record<string, FieldDef<T>>,
  ctx: FilterContext,
): Condition<T>[] {
  if (!isPlainObject(filter) && !Array.isArray(filter)) return [];
  const out: Condition<T>[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    const m = /^([^a-zA-Z]*)(.*)$/s.exec(key);
    const prefix = m?.[1] ?? '';
    const name = m?.[2] ?? '';
    if (!SONET_PREFIXES.has(prefix) || prefix === '><' || prefix === '!><') continue;
    const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!field) continue;
    const negate = prefix.startsWith('!');
    let base = negate ? prefix.slice(1) : prefix;
    if (base === '' || base === '=') base = '=';
    if (base === '?') base = '%';
    let op = base as BaseOp;
    if (op === '%' && field.type !== 'string') op = '=';
    const list = isPhpArray(raw) ? phpValues(raw) : [raw];
    if (list.length === 0) continue;
    out.push({ field, op, negate, values: list.map((v) => convert(field.type, v, ctx)) });
  }
  return out;
}

const USER_PREFIXES: Record<string, { op: BaseOp; negate: boolean }> = {
  '': { op: '=', negate: false },
  '=': { op: '=', negate: false },
  '@': { op: '=', negate: false },
  '!': { op: '=', negate: true },
  '!=': { op: '=', negate: true },
  '!@': { op: '=', negate: true },
  '<': { op: '<', negate: false },
  '<=': { op: '<=', negate: false },
  '>': { op: '>', negate: false },
  '>=': { op: '>=', negate: false },
  '%': { op: '%', negate: false },
  '!%': { op: '%', negate: true },
  '=%': { op: 'like', negate: false },
  '%=': { op: 'like', negate: false },
};

/**
 * user.get FILTER (protocol §7.17): keys may carry a 1-2 character non-word prefix; only allowed fields pass
 * (field names are case-insensitive: the whole query is uppercased); `@` is IN; `=%`/`%=` is LIKE with the
 * value's own wildcards. Special fields (ACTIVE/IS_ONLINE → Y/N, NAME_SEARCH...) are converted by `special`.
 */
export function parseUserFilter<T>(
  filter: Record<string, unknown>,
  fields: Record<string, FieldDef<T>>,
  ctx: FilterContext,
  special: (name: string, value: unknown) => unknown = (_n, v) => v,
): Condition<T>[] {
  const out: Condition<T>[] = [];
  for (const [rawKey, raw] of Object.entries(filter)) {
    const m = /^(\W{0,2})(\w+)$/.exec(rawKey.toUpperCase());
    if (!m) continue;
    const prefix = m[1] ?? '';
    const name = m[2] ?? '';
    const opDef = USER_PREFIXES[prefix];
    const field = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!opDef || !field) continue;
    const value = special(name, raw);
    const list = isPhpArray(value) ? phpValues(value) : [value];
    if (list.length === 0) continue;
    let op = opDef.op;
    if ((op === '%' || op === 'like') && field.type !== 'string') op = '=';
    out.push({ field, op, negate: opDef.negate, values: list.map((v) => convert(field.type, v, ctx)) });
  }
  return out;
}

function likeToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('')
    .map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 'is');
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function matchOne(type: FieldType, f: FieldValue, op: BaseOp, v: string | number | undefined): boolean {
  if (v === undefined) return false; // unparsable date: the portal compares with `false`, which matches nothing
  if (type === 'intArray') {
    const arr = Array.isArray(f) ? f : [];
    if (op === '=') return v === 0 ? arr.length === 0 : arr.includes(Number(v));
    return arr.some((x) => matchOne('int', x, op, v));
  }
  if (Array.isArray(f)) return false;
  if (op === '=') {
    if (type === 'int') return v === 0 ? f === null || f === 0 : f === v;
    if (type === 'date') return f !== null && Math.floor(Number(f) / 1000) === Math.floor(Number(v) / 1000);
    if (v === '') return f === null || f === '';
    return f !== null && compare(f, v) === 0;
  }
  if (f === null) return false;
  if (op === '%') return String(f).toLowerCase().includes(String(v).toLowerCase());
  if (op === 'like') return likeToRegExp(String(v)).test(String(f));
  const c = compare(f, v);
  if (op === '<') return c < 0;
  if (op === '<=') return c <= 0;
  if (op === '>') return c > 0;
  return c >= 0;
}

export function matches<T>(rec: T, conditions: Condition<T>[]): boolean {
  return conditions.every((c) => {
    const f = c.field.get(rec);
    const any = c.values.some((v) => matchOne(c.field.type, f, c.op, v));
    return c.negate ? !any : any;
  });
}

/** Sort comparator for one field (NULL first on ASC, strings case-insensitively, like MySQL). */
export function compareField<T>(field: FieldDef<T>, a: T, b: T): number {
  const x = field.get(a);
  const y = field.get(b);
  if (x === null || y === null) return x === y ? 0 : x === null ? -1 : 1;
  const xs = Array.isArray(x) ? (x[0] ?? 0) : x;
  const ys = Array.isArray(y) ? (y[0] ?? 0) : y;
  return compare(xs, ys);
}
