/**
 * Pure query helpers for `socialnetwork.api.workgroup.list` (docs/sandbox: see src/sandbox/README.md,
 * "socialnetwork.api.workgroup.get / .list"): the unsanitised CSocNetGroup::GetList filter, the select
 * whitelist, the ORM order, D7 page navigation and the camelCase row keys.
 */
import { parseFilterDate } from '../dates.js';
import type { Condition, FieldDef, FieldType } from '../filter.js';
import type { BaseOp, FilterContext } from '../filter.js';
import { isPhpArray, isPlainObject, phpIntval, phpValues } from '../php-query.js';

export const D7_PAGE_SIZE = 50;

/**
 * `select` whitelist of WorkgroupController::listAction. TYPE is listed by the official page (and used in its
 * example) though not by the controller copy we read; we follow the page. AVATAR is a pseudo-field.
 */
export const LIST_SELECTABLE: readonly string[] = [
  'ID', 'ACTIVE', 'SUBJECT_ID', 'NAME', 'DESCRIPTION', 'KEYWORDS', 'CLOSED', 'VISIBLE', 'OPENED', 'PROJECT',
  'LANDING', 'DATE_CREATE', 'DATE_UPDATE', 'DATE_ACTIVITY', 'IMAGE_ID', 'AVATAR_TYPE', 'OWNER_ID',
  'NUMBER_OF_MEMBERS', 'NUMBER_OF_MODERATORS', 'INITIATE_PERMS', 'PROJECT_DATE_START', 'PROJECT_DATE_FINISH',
  'SCRUM_OWNER_ID', 'SCRUM_MASTER_ID', 'SCRUM_SPRINT_DURATION', 'SCRUM_TASK_RESPONSIBLE', 'TYPE', 'AVATAR',
];

/** Whitelisted select, in the caller's order, without duplicates; default `["ID"]`; ID always first. */
export function listSelect(select: unknown): string[] {
  const asked = isPhpArray(select) ? phpValues(select).filter((v): v is string => typeof v === 'string') : [];
  const out = ['ID'];
  for (const f of asked) if (LIST_SELECTABLE.includes(f) && !out.includes(f)) out.push(f);
  return out;
}

/** `NUMBER_OF_MEMBERS` → `numberOfMembers` (the D7 REST converter's TO_CAMEL). */
export function camelKey(upperSnake: string): string {
  return upperSnake.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * CSqlUtil::GetFilterOperation, which listAction reaches unsanitised (unlike sonet_group.get's REST filter):
 * `!` negates, `+` (or NULL) is accepted and ignored, then `>=`, `>`, `<=`, `<`, `@` (IN), `=%`/`%=` (LIKE with
 * the value's own `%`), `%` (substring), `?` and `*` (search; emulated as substring), `=`. Anything else is the
 * field name, so `><ID` becomes `>` on a field `<ID` that does not exist and is dropped. Field names are
 * case-sensitive and uppercase; unknown ones are ignored. An array value is IN (negated: NOT IN); `@` with a
 * string splits it on commas. `%`/LIKE on a non-string field degrades to `=`; dates take only `= < > <= >=`.
 */
const OPERATORS: [string, BaseOp][] = [
  ['>=', '>='], ['>', '>'], ['<=', '<='], ['<', '<'], ['@', '='], ['=%', 'like'], ['%=', 'like'],
  ['%', '%'], ['?', '%'], ['*', '%'], ['=', '='],
];

export function parseGetListFilter<T>(
  filter: unknown,
  fields: Record<string, FieldDef<T>>,
  ctx: FilterContext,
): Condition<T>[] {
  if (!isPhpArray(filter)) return [];
  const out: Condition<T>[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    let rest = key;
    const negate = rest.startsWith('!');
    if (negate) rest = rest.slice(1);
    if (rest.startsWith('+')) rest = rest.slice(1);
    let op: BaseOp = '=';
    let isIn = false;
    for (const [prefix, o] of OPERATORS) {
      if (rest.startsWith(prefix)) {
        op = o;
        isIn = prefix === '@';
        rest = rest.slice(prefix.length);
        break;
      }
    }
    const field = Object.hasOwn(fields, rest) ? fields[rest] : undefined;
    if (!field) continue;
    if ((op === '%' || op === 'like') && field.type !== 'string') op = '=';
    let list: unknown[] = isPhpArray(raw) ? phpValues(raw) : [raw];
    if (isIn && typeof raw === 'string') list = raw.split(',').map((s) => s.trim());
    if (list.length === 0) continue;
    out.push({ field, op, negate, values: list.map((v) => convertValue(field.type, v, ctx)) });
  }
  return out;
}

function convertValue(type: FieldType, v: unknown, ctx: FilterContext): string | number | undefined {
  if (type === 'int' || type === 'intArray') return phpIntval(v);
  if (type === 'date') return parseFilterDate(v, ctx.offsetMinutes, ctx.nowMs);
  if (v === true) return '1';
  if (v === false || v === null || v === undefined || typeof v === 'object') return '';
  return String(v);
}

export interface OrderTerm {
  field: string;
  asc: boolean;
}

/**
 * D7 ORM order `{FIELD: "ASC"|"DESC"}`. The ORM throws on unknown fields; the sandbox ignores them instead
 * (the references do not give that error's wire text). Direction is case-insensitive; anything but ASC is DESC.
 * With no usable term the rows come in primary-key order (ID ascending), as MySQL returns them.
 */
export function listOrder(order: unknown, known: (field: string) => boolean): OrderTerm[] {
  if (!isPlainObject(order)) return [];
  return Object.entries(order)
    .filter(([f]) => known(f))
    .map(([field, dir]) => ({ field, asc: String(dir).toUpperCase() === 'ASC' }));
}

export interface D7Page {
  offset: number;
  /** undefined when `start=-1` (no count query). */
  total?: number;
  next?: number;
}

/**
 * PageNavigation(size 50, page = intval(start/50)+1): start is floored to a page boundary; `start=-1` gives
 * page 1 with neither `total` nor `next` (other negatives: page 1, counted); `next` only when more rows follow this page.
 */
export function d7Page(startParam: unknown, totalRows: number): D7Page {
  const start = phpIntval(startParam);
  if (start === -1) return { offset: 0 };
  // PHP intval(start/50): truncation, so any other negative start is page 1
  const offset = Math.max(0, Math.trunc(start / D7_PAGE_SIZE)) * D7_PAGE_SIZE;
  const end = offset + D7_PAGE_SIZE;
  return end < totalRows ? { offset, total: totalRows, next: end } : { offset, total: totalRows };
}
