/** user.current (protocol §7.16) and user.get (protocol §7.17, §4.2). */
import { formatDb, formatIso, formatSite } from '../dates.js';
import type { MethodResult } from '../envelope.js';
import { compareField, matches, parseUserFilter } from '../filter.js';
import type { FieldDef } from '../filter.js';
import { isPlainObject, phpIntval, upperKeys } from '../php-query.js';
import type { UserRecord } from '../store.js';
import type { MethodContext, MethodDef } from './types.js';

/**
 * user.current renders TIMESTAMP_X / LAST_ACTIVITY_DATE as raw site/DB strings; the ORM path of user.get
 * serialises them as `{}` (empty objects), exactly as the docs example shows.
 */
export function userRow(u: UserRecord, mode: 'current' | 'get', offsetMinutes: number): Record<string, unknown> {
  const iso = (ms: number | null): string => (ms === null ? '' : formatIso(ms, offsetMinutes));
  const row: Record<string, unknown> = {
    ID: String(u.id),
    ACTIVE: u.active,
    NAME: u.name,
    LAST_NAME: u.lastName,
    SECOND_NAME: u.secondName,
    EMAIL: u.email,
    LAST_LOGIN: iso(u.lastLogin),
    DATE_REGISTER: iso(u.dateRegister),
    TIME_ZONE: '',
    IS_ONLINE: u.isOnline,
    TIMESTAMP_X: mode === 'current' ? formatSite(u.timestampX, offsetMinutes) : {},
    LAST_ACTIVITY_DATE: mode === 'current' ? formatDb(u.lastActivityDate, offsetMinutes) : {},
    PERSONAL_GENDER: u.personalGender,
  };
  if (u.personalPhoto !== null) row.PERSONAL_PHOTO = u.personalPhoto;
  row.PERSONAL_BIRTHDAY = iso(u.personalBirthday);
  row.WORK_POSITION = u.workPosition;
  row.UF_EMPLOYMENT_DATE = '';
  row.UF_DEPARTMENT = [...u.ufDepartment];
  row.USER_TYPE = u.userType;
  return row;
}

function userFields(): Record<string, FieldDef<UserRecord>> {
  const s = (get: (u: UserRecord) => string | null): FieldDef<UserRecord> => ({ type: 'string', get });
  const d = (get: (u: UserRecord) => number | null): FieldDef<UserRecord> => ({ type: 'date', get });
  return {
    ID: { type: 'int', get: (u) => u.id },
    ACTIVE: s((u) => (u.active ? 'Y' : 'N')),
    NAME: s((u) => u.name),
    LAST_NAME: s((u) => u.lastName),
    SECOND_NAME: s((u) => u.secondName),
    EMAIL: s((u) => u.email),
    LAST_LOGIN: d((u) => u.lastLogin),
    DATE_REGISTER: d((u) => u.dateRegister),
    IS_ONLINE: s((u) => u.isOnline),
    PERSONAL_GENDER: s((u) => u.personalGender),
    PERSONAL_BIRTHDAY: d((u) => u.personalBirthday),
    WORK_POSITION: s((u) => u.workPosition),
    UF_DEPARTMENT: { type: 'intArray', get: (u) => u.ufDepartment },
    USER_TYPE: s((u) => u.userType),
    HAS_DEPARTAMENT: s((u) => (u.ufDepartment.length > 0 ? 'Y' : 'N')),
    NAME_SEARCH: s((u) => `${u.name} ${u.lastName} ${u.secondName} ${u.email}`),
  };
}

const yn = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(yn);
  if (typeof v === 'string' && (v.toUpperCase() === 'Y' || v.toUpperCase() === 'N')) return v.toUpperCase();
  return v === true || v === 1 || v === '1' || v === 'true' ? 'Y' : 'N';
};

/** Top-level keys of user.get that are not filter fields. */
const NON_FILTER = new Set(['SORT', 'ORDER', 'ADMIN_MODE', 'IMAGE_RESIZE', 'SELECT', 'FILTER', 'START']);

function userGet(ctx: MethodContext): MethodResult {
  const q = upperKeys(ctx.params);
  const sort = q.SORT;
  const order = q.ORDER;
  // "If FILTER is present, it replaces the whole query" (kept by Bitrix24 for backward compatibility).
  let filterSrc: Record<string, unknown>;
  if (isPlainObject(q.FILTER)) filterSrc = upperKeys(q.FILTER);
  else filterSrc = Object.fromEntries(Object.entries(q).filter(([k]) => !NON_FILTER.has(k)));

  const fields = userFields();
  const conditions = parseUserFilter(filterSrc, fields, { offsetMinutes: ctx.offsetMinutes, nowMs: ctx.nowMs }, (name, v) =>
    name === 'ACTIVE' || name === 'IS_ONLINE' || name === 'HAS_DEPARTAMENT' ? yn(v) : v,
  );

  let rows = ctx.store.users().filter((u) => matches(u, conditions));
  // SORT and ORDER are both required for sorting to apply; otherwise primary-key order.
  if (typeof sort === 'string' && typeof order === 'string') {
    const f = fields[sort.toUpperCase()];
    const asc = order.toUpperCase() !== 'DESC';
    if (f) rows = [...rows].sort((a, b) => (asc ? 1 : -1) * compareField(f, a, b) || a.id - b.id);
  }

  // ORM navigation: limit 50, offset start (NOT floored); start=-1 → no count; zero matches → no total.
  const start = phpIntval(ctx.params.start);
  const offset = Math.max(0, start);
  const page = rows.slice(offset, offset + 50).map((u) => userRow(u, 'get', ctx.offsetMinutes));
  if (start < 0 || rows.length === 0) return { result: page };
  const total = rows.length;
  return offset + 50 < total ? { result: page, total, next: offset + 50 } : { result: page, total };
}

function userCurrent(ctx: MethodContext): MethodResult {
  return { result: userRow(ctx.user, 'current', ctx.offsetMinutes) };
}

/**
 * `profile` (global scope, no scope needed): the caller's basic profile (protocol §7.16, "related"). TIME_ZONE is the
 * user's own setting (none in the sandbox: "") and TIME_ZONE_OFFSET its offset from the portal's zone in seconds
 * (0 when the user has no own zone).
 */
function profile(ctx: MethodContext): MethodResult {
  const u = ctx.user;
  const result: Record<string, unknown> = {
    ID: String(u.id),
    ADMIN: u.isAdmin,
    NAME: u.name,
    LAST_NAME: u.lastName,
    PERSONAL_GENDER: u.personalGender,
  };
  if (u.personalPhoto !== null) result.PERSONAL_PHOTO = u.personalPhoto;
  result.TIME_ZONE = '';
  result.TIME_ZONE_OFFSET = 0;
  return { result };
}

export const userMethods: Record<string, MethodDef> = {
  profile: { scope: null, handler: profile },
  'user.current': { scope: 'user', handler: userCurrent },
  'user.get': { scope: 'user', handler: userGet },
};

