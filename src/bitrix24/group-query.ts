/**
 * Group list queries in domain terms → `sonet_group.get` FILTER / ORDER / start. Pure functions.
 * See docs/bitrix24-protocol.md §4.3: field names are upper-case, an array value is IN, `%` is a
 * case-insensitive substring, and the documented `><` "between" operator is silently dropped upstream, so a
 * date range is sent as two bounds (`>=FIELD`, `<=FIELD`).
 */

export interface DateRange {
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

export interface GroupFilter {
  nameContains?: string | null | undefined;
  ids?: readonly number[] | null | undefined;
  ownerId?: number | null | undefined;
  subjectId?: number | null | undefined;
  isOpen?: boolean | null | undefined;
  isVisible?: boolean | null | undefined;
  isArchived?: boolean | null | undefined;
  isActive?: boolean | null | undefined;
  isProject?: boolean | null | undefined;
  createdAt?: DateRange | null | undefined;
  updatedAt?: DateRange | null | undefined;
  lastActivityAt?: DateRange | null | undefined;
}

export type GroupOrderField = 'ID' | 'NAME' | 'CREATED_AT' | 'UPDATED_AT' | 'LAST_ACTIVITY_AT' | 'MEMBER_COUNT';
export type SortDirection = 'ASC' | 'DESC';

export interface GroupOrder {
  field: GroupOrderField;
  direction: SortDirection;
}

const ORDER_FIELDS: Record<GroupOrderField, string> = {
  ID: 'ID',
  NAME: 'NAME',
  CREATED_AT: 'DATE_CREATE',
  UPDATED_AT: 'DATE_UPDATE',
  LAST_ACTIVITY_AT: 'DATE_ACTIVITY',
  MEMBER_COUNT: 'NUMBER_OF_MEMBERS',
};

const yn = (value: boolean): 'Y' | 'N' => (value ? 'Y' : 'N');

/** ISO-8601 with offset, which the portal converts to its own site format (CRestUtil::unConvertDateTime). */
function isoDate(value: Date): string {
  return value.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function addRange(filter: Record<string, unknown>, field: string, range: DateRange | null | undefined): void {
  if (range?.from) filter[`>=${field}`] = isoDate(range.from);
  if (range?.to) filter[`<=${field}`] = isoDate(range.to);
}

/**
 * Returns null when the filter can match nothing (an empty `ids` list): the caller answers without an upstream
 * call, because an empty array would vanish from the encoded request and the filter would match everything.
 */
export function toGroupFilter(filter: GroupFilter | null | undefined): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  if (!filter) return out;
  if (filter.ids) {
    if (filter.ids.length === 0) return null;
    out.ID = [...new Set(filter.ids)];
  }
  if (filter.nameContains) out['%NAME'] = filter.nameContains;
  if (filter.ownerId != null) out.OWNER_ID = filter.ownerId;
  if (filter.subjectId != null) out.SUBJECT_ID = filter.subjectId;
  if (filter.isOpen != null) out.OPENED = yn(filter.isOpen);
  if (filter.isVisible != null) out.VISIBLE = yn(filter.isVisible);
  if (filter.isArchived != null) out.CLOSED = yn(filter.isArchived);
  if (filter.isActive != null) out.ACTIVE = yn(filter.isActive);
  if (filter.isProject != null) out.PROJECT = yn(filter.isProject);
  addRange(out, 'DATE_CREATE', filter.createdAt);
  addRange(out, 'DATE_UPDATE', filter.updatedAt);
  addRange(out, 'DATE_ACTIVITY', filter.lastActivityAt);
  return out;
}

/** ORDER for sonet_group.get. ID is appended as a tie-breaker so offsets stay stable across pages. */
export function toGroupOrder(orderBy: readonly GroupOrder[] | null | undefined): Record<string, SortDirection> {
  const out: Record<string, SortDirection> = {};
  for (const { field, direction } of orderBy ?? []) {
    const upstream = ORDER_FIELDS[field];
    if (!(upstream in out)) out[upstream] = direction;
  }
  if (!('ID' in out)) out.ID = Object.keys(out).length === 0 ? 'DESC' : 'ASC';
  return out;
}

/** sonet_group.get and the D7 lists (usertogroup.list) page by a fixed 50 rows; `start` is floored to a multiple of 50 upstream. */
export const UPSTREAM_PAGE_SIZE = 50;

export interface PagePlan {
  /** The `start` values to request (multiples of 50), all in one tick so they leave as one batch. */
  starts: number[];
  /** Rows to drop from the concatenated pages before taking `count`. */
  skip: number;
}

/** Which upstream pages cover rows [offset, offset + count). */
export function planPages(offset: number, count: number): PagePlan {
  if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`offset must be a non-negative integer; received ${offset}`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer; received ${count}`);
  const first = Math.floor(offset / UPSTREAM_PAGE_SIZE) * UPSTREAM_PAGE_SIZE;
  const last = Math.floor((offset + count - 1) / UPSTREAM_PAGE_SIZE) * UPSTREAM_PAGE_SIZE;
  const starts: number[] = [];
  for (let start = first; start <= last; start += UPSTREAM_PAGE_SIZE) starts.push(start);
  return { starts, skip: offset - first };
}
