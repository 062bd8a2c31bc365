/** sonet_group.get (protocol §7.1) and sonet_group.user.groups (protocol §7.7). */
import { formatIso } from '../dates.js';
import type { MethodResult } from '../envelope.js';
import { compareField, matches, parseSonetFilter } from '../filter.js';
import type { FieldDef } from '../filter.js';
import { isPlainObject, phpIntval } from '../php-query.js';
import { MEMBER_ROLES } from '../store.js';
import type { GroupRecord, SandboxStore } from '../store.js';
import { isModuleAdmin } from './types.js';
import type { MethodContext, MethodDef } from './types.js';

export const PAGE_SIZE = 50;

/** The relative avatar path (`CFile` SRC) for a group image. */
export function groupImagePath(imageId: number): string {
  return `/upload/socialnetwork/${(imageId * 2654435761 % 4096).toString(16).padStart(3, '0')}/group_avatar_${imageId}.png`;
}

/**
 * The columns of b_sonet_group that CSocNetGroup::GetList filters and orders by, shared by sonet_group.get (which
 * joins the subject and the owner on top) and socialnetwork.api.workgroup.list (which adds TYPE).
 */
export function groupTableFields(): Record<string, FieldDef<GroupRecord>> {
  const s = (get: (g: GroupRecord) => string | null): FieldDef<GroupRecord> => ({ type: 'string', get });
  const i = (get: (g: GroupRecord) => number | null): FieldDef<GroupRecord> => ({ type: 'int', get });
  const d = (get: (g: GroupRecord) => number | null): FieldDef<GroupRecord> => ({ type: 'date', get });
  return {
    ID: i((g) => g.id),
    SITE_ID: s((g) => g.siteId),
    NAME: s((g) => g.name),
    DESCRIPTION: s((g) => g.description),
    KEYWORDS: s((g) => g.keywords),
    DATE_CREATE: d((g) => g.dateCreate),
    DATE_UPDATE: d((g) => g.dateUpdate),
    DATE_ACTIVITY: d((g) => g.dateActivity),
    ACTIVE: s((g) => g.active),
    VISIBLE: s((g) => g.visible),
    OPENED: s((g) => g.opened),
    CLOSED: s((g) => g.closed),
    PROJECT: s((g) => g.project),
    PROJECT_DATE_START: d((g) => g.projectDateStart),
    PROJECT_DATE_FINISH: d((g) => g.projectDateFinish),
    SUBJECT_ID: i((g) => g.subjectId),
    OWNER_ID: i((g) => g.ownerId),
    IMAGE_ID: i((g) => g.imageId),
    NUMBER_OF_MEMBERS: i((g) => g.numberOfMembers),
    NUMBER_OF_MODERATORS: i((g) => g.numberOfModerators),
    INITIATE_PERMS: s((g) => g.initiatePerms),
  };
}

function groupFields(store: SandboxStore): Record<string, FieldDef<GroupRecord>> {
  const owner = (g: GroupRecord) => store.user(g.ownerId);
  const s = (get: (g: GroupRecord) => string | null): FieldDef<GroupRecord> => ({ type: 'string', get });
  return {
    ...groupTableFields(),
    SUBJECT_NAME: s((g) => store.subject(g.subjectId)?.name ?? null),
    OWNER_NAME: s((g) => owner(g)?.name ?? null),
    OWNER_LAST_NAME: s((g) => owner(g)?.lastName ?? null),
    OWNER_LOGIN: s((g) => owner(g)?.login ?? null),
    OWNER_EMAIL: s((g) => owner(g)?.email ?? null),
    OWNER_USER: s((g) => owner(g)?.login ?? null),
    SPAM_PERMS: s((g) => g.spamPerms),
  };
}

/** One row, keys in the order of the docs example; every value a string or null; dates ISO with offset. */
export function groupRow(store: SandboxStore, g: GroupRecord, offsetMinutes: number): Record<string, string | null> {
  const iso = (ms: number | null): string => (ms === null ? '' : formatIso(ms, offsetMinutes));
  const row: Record<string, string | null> = {
    ID: String(g.id),
    SITE_ID: g.siteId,
    NAME: g.name,
    DESCRIPTION: g.description,
    DATE_CREATE: iso(g.dateCreate),
    DATE_UPDATE: iso(g.dateUpdate),
    ACTIVE: g.active,
    VISIBLE: g.visible,
    OPENED: g.opened,
    CLOSED: g.closed,
    SUBJECT_ID: String(g.subjectId),
    OWNER_ID: String(g.ownerId),
    KEYWORDS: g.keywords,
    NUMBER_OF_MEMBERS: String(g.numberOfMembers),
    DATE_ACTIVITY: iso(g.dateActivity),
    SUBJECT_NAME: store.subject(g.subjectId)?.name ?? null,
    PROJECT: g.project,
    PROJECT_DATE_START: iso(g.projectDateStart),
    PROJECT_DATE_FINISH: iso(g.projectDateFinish),
  };
  if (g.imageId !== null && g.imageId > 0) row.IMAGE = groupImagePath(g.imageId);
  row.IS_EXTRANET = 'N';
  return row;
}

/** Legacy CDBResult navigation (protocol §4.1): pages of 50, start floored; past the end, the last page. */
export function legacyPage<T>(rows: T[], startParam: unknown): { page: T[]; total: number; next?: number } {
  const start = phpIntval(startParam);
  const total = rows.length;
  if (start < 0) return { page: rows.slice(0, PAGE_SIZE), total: 0 };
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const pageNo = Math.min(Math.floor(start / PAGE_SIZE) + 1, pageCount);
  const page = rows.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
  return pageNo < pageCount ? { page, total, next: pageNo * PAGE_SIZE } : { page, total };
}

/**
 * `getGroup` reads only the upper-case `ORDER`, `FILTER`, `GROUP_ID` and `IS_ADMIN` (the REST server passes the
 * query with no key-case normalisation). Lower-case `order`/`filter` are ignored: the answer is then the first page
 * of visible groups by ID DESC, which is what makes generic lower-case cursor walkers stall on a real portal.
 */
function sonetGroupGet(ctx: MethodContext): MethodResult {
  const p = ctx.params;
  const fields = groupFields(ctx.store);
  const conditions = parseSonetFilter(p.FILTER, fields, { offsetMinutes: ctx.offsetMinutes, nowMs: ctx.nowMs });
  const groupId = phpIntval(p.GROUP_ID);
  const bypass = p.IS_ADMIN === 'Y' && isModuleAdmin(ctx);

  // ORDER: a non-array falls back to ID DESC; keys uppercased; anything but ASC is DESC; unknown keys ignored.
  const order: { field: FieldDef<GroupRecord>; asc: boolean }[] = [];
  const rawOrder: unknown = isPlainObject(p.ORDER) || Array.isArray(p.ORDER) ? p.ORDER : { ID: 'DESC' };
  for (const [k, dir] of Object.entries(rawOrder as Record<string, unknown>)) {
    const f = fields[k.toUpperCase()];
    if (f) order.push({ field: f, asc: String(dir).toUpperCase() === 'ASC' });
  }

  const rows = ctx.store
    .groups()
    .filter((g) => bypass || ctx.store.isVisibleTo(g, ctx.user.id))
    .filter((g) => groupId <= 0 || g.id === groupId)
    .filter((g) => matches(g, conditions))
    .sort((a, b) => {
      for (const o of order) {
        const c = compareField(o.field, a, b);
        if (c !== 0) return o.asc ? c : -c;
      }
      return a.id - b.id;
    });

  const nav = legacyPage(rows, ctx.params.start);
  const result = nav.page.map((g) => groupRow(ctx.store, g, ctx.offsetMinutes));
  return nav.next === undefined ? { result, total: nav.total } : { result, total: nav.total, next: nav.next };
}

function sonetGroupUserGroups(ctx: MethodContext): MethodResult {
  const result = ctx.store
    .relationsOfUser(ctx.user.id)
    .filter((r) => MEMBER_ROLES.includes(r.role))
    .flatMap((r) => {
      const g = ctx.store.group(r.groupId);
      if (!g) return [];
      const hasImage = g.imageId !== null && g.imageId > 0;
      return [
        {
          GROUP_ID: String(g.id),
          GROUP_NAME: g.name,
          ROLE: r.role,
          GROUP_IMAGE_ID: hasImage ? String(g.imageId) : null,
          GROUP_IMAGE: hasImage && g.imageId !== null ? `${ctx.baseUrl}${groupImagePath(g.imageId).replace('/upload/', '/upload/resize_cache/')}` : '',
        },
      ];
    });
  return { result };
}

export const sonetGroupMethods: Record<string, MethodDef> = {
  'sonet_group.get': { scope: 'sonet_group', handler: sonetGroupGet },
  'sonet_group.user.groups': { scope: 'sonet_group', handler: sonetGroupUserGroups },
};
