/**
 * The D7 controller methods `socialnetwork.api.workgroup.get` and `socialnetwork.api.workgroup.list`
 * (scope `socialnetwork`). Wire rules and the choices made where the references are silent are listed in
 * src/sandbox/README.md, section "socialnetwork.api.workgroup.get / .list".
 */
import { formatIso } from '../dates.js';
import { RestError } from '../envelope.js';
import type { MethodResult } from '../envelope.js';
import { compareField, matches } from '../filter.js';
import type { FieldDef } from '../filter.js';
import { isPhpArray, isPlainObject, phpIntval, phpValues } from '../php-query.js';
import { MEMBER_ROLES } from '../store.js';
import type { GroupRecord, RelationRecord, UserRecord } from '../store.js';
import { groupImagePath, groupTableFields } from './sonet-group.js';
import { isModuleAdmin } from './types.js';
import type { MethodContext, MethodDef } from './types.js';
import { camelKey, D7_PAGE_SIZE, d7Page, listOrder, listSelect, parseGetListFilter } from './workgroup-query.js';

/** D7 errors become RestException(message, code): HTTP 400 with the error's own code. */
export const WORKGROUP_EMPTY = (): RestError =>
  new RestError('SONET_CONTROLLER_WORKGROUP_EMPTY', 'No value for the workgroup ID was provided.', 400);
export const WORKGROUP_NOT_FOUND = (): RestError =>
  new RestError('SONET_CONTROLLER_WORKGROUP_NOT_FOUND', 'Workgroup not found.', 400);

/** The one site of the sandbox portal (every seed group lives on it). */
const CURRENT_SITE = 's1';
/** At most 10 users in LIST_OF_MEMBERS_AWAITING_INVITE (controller constant). */
const AWAITING_INVITE_LIMIT = 10;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Site-format date as in the documented example (`04/17/2025 19:37:55`, an en-locale portal), in the portal's
 * offset. The docs' prose says `DD.MM.YYYY`; we follow the example, as the brief asks.
 */
export function formatSiteEn(ms: number, offsetMinutes: number): string {
  const d = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  return (
    `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * DATE_CREATE when `select` asks for it: the documented "more readable format" (`today, 12:16`,
 * `yesterday, 14:42`, `April 15, 14:42` this year, `June 11, 2024 15:08` before), in the portal's offset.
 */
export function formatReadable(ms: number, nowMs: number, offsetMinutes: number): string {
  const local = (t: number): Date => new Date(t + offsetMinutes * 60_000);
  const d = local(ms);
  const now = local(nowMs);
  const day = (x: Date): number => Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate());
  const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  const days = (day(now) - day(d)) / 86_400_000;
  if (days === 0) return `today, ${hm}`;
  if (days === 1) return `yesterday, ${hm}`;
  const md = `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}`;
  return d.getUTCFullYear() === now.getUTCFullYear() ? `${md}, ${hm}` : `${md}, ${d.getUTCFullYear()} ${hm}`;
}

/** `group` | `project` (the sandbox holds no scrum or collab groups). */
function groupType(g: GroupRecord): string {
  return g.project === 'Y' ? 'project' : 'group';
}

/** open = VISIBLE Y + OPENED Y; closed = VISIBLE Y + OPENED N; secret = VISIBLE N. */
export function privacyCode(g: Pick<GroupRecord, 'visible' | 'opened'>): 'open' | 'closed' | 'secret' {
  if (g.visible === 'N') return 'secret';
  return g.opened === 'Y' ? 'open' : 'closed';
}

/** KEYWORDS `a, b` → TAGS `["a","b"]`, sorted as in the documented example. */
function tags(g: GroupRecord): string[] {
  return (g.keywords ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .sort((a, b) => a.localeCompare(b));
}

function avatarUrl(baseUrl: string, g: GroupRecord): string {
  return g.imageId !== null && g.imageId > 0
    ? `${baseUrl}${groupImagePath(g.imageId).replace('/upload/', '/upload/resize_cache/')}`
    : '';
}

function formattedName(u: UserRecord | undefined): string {
  return u ? `${u.name} ${u.lastName}`.trim() : '';
}

/** Who the caller is to the group, and what the D7 AccessManager lets them do (protocol §6.5, §9.4, §9.5). */
export interface Standing {
  admin: boolean;
  role: RelationRecord['role'] | undefined;
  initiatedByType: RelationRecord['initiatedByType'] | undefined;
  /** AUTO_MEMBER of the caller's relation: a member kept by department sync. */
  autoMember?: boolean;
  /** The caller is the project's SCRUM_MASTER_ID. */
  scrumMaster?: boolean;
}

export function canModify(s: Standing): boolean {
  return s.admin || s.role === 'A';
}

/** INITIATE_PERMS: A → owner; E → owner or moderator; K → any member. Admins always. */
export function canInitiate(s: Standing, initiatePerms: GroupRecord['initiatePerms']): boolean {
  if (s.admin) return true;
  const allowed = { A: ['A'], E: ['A', 'E'], K: ['A', 'E', 'K'] }[initiatePerms];
  return s.role !== undefined && allowed.includes(s.role);
}

/** ACTIONS of the documented object, all booleans for the caller. */
export function workgroupActions(g: GroupRecord, s: Standing): Record<string, boolean> {
  const member = s.role !== undefined && MEMBER_ROLES.includes(s.role);
  const invitedOnly = s.role === 'Z' && s.initiatedByType === 'G';
  return {
    EDIT: canModify(s),
    DELETE: canModify(s),
    INVITE: canInitiate(s, g.initiatePerms),
    // canJoin: visible (or admin), no relation or a pending invitation from the group, not archived
    JOIN: (g.visible === 'Y' || s.admin) && (s.role === undefined || invitedOnly) && g.closed === 'N',
    // getActions: UserIsMember && !UserIsAutoMember && !UserIsOwner && !UserIsScrumMaster (the controller's source):
    // K or E, not kept by department sync, not the scrum master (the owner must hand the group over first)
    LEAVE: (s.role === 'K' || s.role === 'E') && s.autoMember !== true && s.scrumMaster !== true,
    FOLLOW: member,
    PIN: true,
    EDIT_FEATURES: canModify(s),
  };
}

function standing(ctx: MethodContext, groupId: number): Standing {
  const r = ctx.store.relationRecord(groupId, ctx.user.id);
  const scrumMasterId = ctx.store.group(groupId)?.scrumMasterId ?? 0;
  return {
    admin: isModuleAdmin(ctx),
    role: r?.role,
    initiatedByType: r?.initiatedByType,
    autoMember: r?.autoMember === 'Y',
    scrumMaster: scrumMasterId > 0 && scrumMasterId === ctx.user.id,
  };
}

/** Item\Workgroup::getFields() plus the always-present extras, in the documented example's key order. */
function baseFields(ctx: MethodContext, g: GroupRecord, rels: RelationRecord[]): Record<string, unknown> {
  const site = (ms: number | null): string | null => (ms === null ? null : formatSiteEn(ms, ctx.offsetMinutes));
  const ids = (pred: (r: RelationRecord) => boolean): number[] => rels.filter(pred).map((r) => r.userId);
  return {
    ID: g.id,
    ACTIVE: g.active,
    SITE_ID: g.siteId,
    SUBJECT_ID: g.subjectId,
    NAME: g.name,
    DESCRIPTION: g.description,
    KEYWORDS: g.keywords,
    CLOSED: g.closed,
    VISIBLE: g.visible,
    OPENED: g.opened,
    DATE_CREATE: site(g.dateCreate),
    DATE_UPDATE: site(g.dateUpdate),
    DATE_ACTIVITY: site(g.dateActivity),
    IMAGE_ID: g.imageId ?? 0,
    // the sandbox stores no system avatar type; "" is the documented "other system avatar" value
    AVATAR_TYPE: '',
    OWNER_ID: g.ownerId,
    INITIATE_PERMS: g.initiatePerms,
    NUMBER_OF_MEMBERS: g.numberOfMembers,
    NUMBER_OF_MODERATORS: g.numberOfModerators,
    PROJECT: g.project,
    PROJECT_DATE_START: site(g.projectDateStart),
    PROJECT_DATE_FINISH: site(g.projectDateFinish),
    SEARCH_INDEX: [g.name, g.description ?? '', ...tags(g).map((t) => `${t} #${t}`)].join(' ').trim(),
    LANDING: 'N',
    SCRUM_OWNER_ID: 0,
    SCRUM_MASTER_ID: g.scrumMasterId,
    SCRUM_SPRINT_DURATION: 0,
    SCRUM_TASK_RESPONSIBLE: '',
    TYPE: groupType(g),
    MEMBERS: ids((r) => MEMBER_ROLES.includes(r.role)),
    // the sandbox models no group chats: CHAT_ID 0 and DIALOG_ID "" keep the documented types
    CHAT_ID: 0,
    DIALOG_ID: '',
    ORDINARY_MEMBERS: ids((r) => r.role === 'K'),
    INVITED_MEMBERS: ids((r) => r.role === 'Z' && r.initiatedByType === 'G'),
    MODERATOR_MEMBERS: ids((r) => r.role === 'E'),
    SITE_IDS: [g.siteId],
  };
}

/** The `select` extras the sandbox can answer from its store; other names (FEATURES, EFFICIENCY...) are ignored. */
function selectExtras(
  ctx: MethodContext,
  g: GroupRecord,
  rels: RelationRecord[],
  s: Standing,
  select: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const store = ctx.store;
  const seesLists = canModify(s) || canInitiate(s, g.initiatePerms);
  if (select.has('DATE_CREATE')) out.DATE_CREATE = formatReadable(g.dateCreate, ctx.nowMs, ctx.offsetMinutes);
  if (select.has('AVATAR')) out.AVATAR = avatarUrl(ctx.baseUrl, g);
  if (select.has('AVATAR_DATA')) {
    const url = avatarUrl(ctx.baseUrl, g);
    out.AVATAR_DATA = url === '' ? { type: 'icon', id: '' } : { type: 'image', id: url };
  }
  if (select.has('OWNER_DATA')) {
    const owner = store.user(g.ownerId);
    out.OWNER_DATA = { ID: g.ownerId, PHOTO: owner?.personalPhoto ?? '', FORMATTED_NAME: formattedName(owner) };
  }
  if (select.has('SUBJECT_DATA')) out.SUBJECT_DATA = { ID: g.subjectId, NAME: store.subject(g.subjectId)?.name ?? '' };
  if (select.has('TAGS')) out.TAGS = tags(g);
  if (select.has('ACTIONS')) out.ACTIONS = workgroupActions(g, s);
  if (select.has('USER_DATA')) {
    out.USER_DATA = {
      ROLE: s.role ?? false,
      INITIATED_BY_TYPE: s.initiatedByType ?? false,
      // the sandbox keeps no subscriptions: members are subscribed (Bitrix24 subscribes on joining)
      IS_SUBSCRIBED: s.role !== undefined && MEMBER_ROLES.includes(s.role),
    };
  }
  // the sandbox models no department links
  if (select.has('DEPARTMENTS')) out.DEPARTMENTS = [];
  if (select.has('PIN')) out.IS_PIN = false;
  if (select.has('PRIVACY_TYPE')) out.PRIVACY_CODE = privacyCode(g);
  if (select.has('LIST_OF_MEMBERS')) {
    out.LIST_OF_MEMBERS = rels
      .filter((r) => MEMBER_ROLES.includes(r.role))
      .map((r) => {
        const u = store.user(r.userId);
        return {
          id: r.userId,
          isOwner: r.role === 'A',
          isModerator: r.role === 'E',
          isScrumMaster: false,
          isAutoMember: false,
          name: u?.name ?? '',
          lastName: u?.lastName ?? '',
          position: u?.workPosition ?? '',
          photo: u?.personalPhoto ?? '',
        };
      });
  }
  if (select.has('LIST_OF_MEMBERS_AWAITING_INVITE')) {
    out.LIST_OF_MEMBERS_AWAITING_INVITE = seesLists
      ? rels
          .filter((r) => r.role === 'Z' && r.initiatedByType === 'U')
          .slice(0, AWAITING_INVITE_LIMIT)
          .map((r) => {
            const u = store.user(r.userId);
            return { id: r.userId, name: formattedName(u), photo: u?.personalPhoto ?? '' };
          })
      : [];
  }
  if (select.has('GROUP_MEMBERS_LIST')) {
    out.GROUP_MEMBERS_LIST = seesLists
      ? rels.map((r) => ({
          id: r.userId,
          invited: r.role === 'Z' && r.initiatedByType === 'G',
          isAwaiting: r.role === 'Z' && r.initiatedByType === 'U',
          isMember: MEMBER_ROLES.includes(r.role),
        }))
      : [];
  }
  if (select.has('COUNTERS')) {
    out.COUNTERS = {
      workgroup_requests_out: rels.filter((r) => r.role === 'Z' && r.initiatedByType === 'G').length,
      workgroup_requests_in: rels.filter((r) => r.role === 'Z' && r.initiatedByType === 'U').length,
    };
  }
  return out;
}

/** English plural index of NUMBER_OF_MEMBERS (0 for one, 1 otherwise): the example's 1 member → 0. */
function pluralIndex(n: number): number {
  return n === 1 ? 0 : 1;
}

function workgroupGet(ctx: MethodContext): MethodResult {
  // D7 binds `array $params`: every input lives inside it; a top-level groupId is never read.
  const params = isPlainObject(ctx.params.params) ? ctx.params.params : {};
  const groupId = phpIntval(params.groupId);
  if (groupId <= 0) throw WORKGROUP_EMPTY();
  const g = ctx.store.group(groupId);
  // CHECK_PERMISSIONS for everyone but module admins, who see secret groups too
  if (!g || (!isModuleAdmin(ctx) && !ctx.store.isVisibleTo(g, ctx.user.id))) throw WORKGROUP_NOT_FOUND();
  const rels = ctx.store.relationsOfGroup(g.id);
  const s = standing(ctx, g.id);
  const select = new Set(
    isPhpArray(params.select) ? phpValues(params.select).filter((v): v is string => typeof v === 'string') : [],
  );
  const result: Record<string, unknown> = {
    ...baseFields(ctx, g, rels),
    ...selectExtras(ctx, g, rels, s, select),
    NUMBER_OF_MEMBERS_PLURAL: pluralIndex(g.numberOfMembers),
  };
  if (params.mode === 'mobile') {
    result.ADDITIONAL_DATA = { ROLE: s.role ?? '', INITIATED_BY_TYPE: s.initiatedByType ?? '' };
  }
  return { result };
}

/** Filter/order fields of CSocNetGroup::GetList reachable from listAction (names uppercase, case-sensitive). */
function listFields(): Record<string, FieldDef<GroupRecord>> {
  return { ...groupTableFields(), TYPE: { type: 'string', get: (g) => groupType(g) } };
}

/** One selected column as the ORM hands it to the REST converter: numbers as strings, dates ISO, NULL as null. */
function listValue(ctx: MethodContext, g: GroupRecord, field: string): unknown {
  const num = (n: number | null): string | null => (n === null ? null : String(n));
  const iso = (ms: number | null): string | null => (ms === null ? null : formatIso(ms, ctx.offsetMinutes));
  switch (field) {
    case 'ID': return String(g.id);
    case 'ACTIVE': return g.active;
    case 'SUBJECT_ID': return String(g.subjectId);
    case 'NAME': return g.name;
    case 'DESCRIPTION': return g.description;
    case 'KEYWORDS': return g.keywords;
    case 'CLOSED': return g.closed;
    case 'VISIBLE': return g.visible;
    case 'OPENED': return g.opened;
    case 'PROJECT': return g.project;
    case 'LANDING': return 'N';
    case 'DATE_CREATE': return iso(g.dateCreate);
    case 'DATE_UPDATE': return iso(g.dateUpdate);
    case 'DATE_ACTIVITY': return iso(g.dateActivity);
    case 'IMAGE_ID': return num(g.imageId);
    // NULL column, as in the documented example (`"avatarType": null`)
    case 'AVATAR_TYPE': return null;
    case 'OWNER_ID': return String(g.ownerId);
    case 'NUMBER_OF_MEMBERS': return String(g.numberOfMembers);
    case 'NUMBER_OF_MODERATORS': return String(g.numberOfModerators);
    case 'INITIATE_PERMS': return g.initiatePerms;
    case 'PROJECT_DATE_START': return iso(g.projectDateStart);
    case 'PROJECT_DATE_FINISH': return iso(g.projectDateFinish);
    case 'SCRUM_OWNER_ID': return null;
    case 'SCRUM_MASTER_ID': return g.scrumMasterId > 0 ? String(g.scrumMasterId) : null;
    case 'SCRUM_SPRINT_DURATION': return null;
    case 'SCRUM_TASK_RESPONSIBLE': return null;
    case 'TYPE': return groupType(g);
    case 'AVATAR': return avatarUrl(ctx.baseUrl, g);
    default: return null;
  }
}

function workgroupList(ctx: MethodContext): MethodResult {
  const params = isPlainObject(ctx.params.params) ? ctx.params.params : {};
  const fields = listFields();
  const conditions = parseGetListFilter(ctx.params.filter, fields, { offsetMinutes: ctx.offsetMinutes, nowMs: ctx.nowMs });
  const bypass = params.IS_ADMIN === 'Y' && isModuleAdmin(ctx);
  // SITE_ID is always forced: params.siteId or the current site
  const siteId = typeof params.siteId === 'string' && params.siteId !== '' ? params.siteId : CURRENT_SITE;
  const order = listOrder(ctx.params.order, (f) => Object.hasOwn(fields, f));
  const rows = ctx.store
    .groups()
    .filter((g) => g.siteId === siteId)
    .filter((g) => bypass || ctx.store.isVisibleTo(g, ctx.user.id))
    .filter((g) => matches(g, conditions))
    .sort((a, b) => {
      for (const o of order) {
        const field = fields[o.field];
        const c = field ? compareField(field, a, b) : 0;
        if (c !== 0) return o.asc ? c : -c;
      }
      return a.id - b.id;
    });
  const nav = d7Page(ctx.params.start, rows.length);
  const select = listSelect(ctx.params.select);
  const mobile = params.mode === 'mobile';
  const dialogId = params.shouldSelectDialogId === 'Y';
  const workgroups = rows.slice(nav.offset, nav.offset + D7_PAGE_SIZE).map((g) => {
    const row: Record<string, unknown> = {};
    for (const f of select) row[camelKey(f)] = listValue(ctx, g, f);
    if (mobile) {
      const r = ctx.store.relationRecord(g.id, ctx.user.id);
      row.additionalData = { role: r?.role ?? '', initiatedByType: r?.initiatedByType ?? '' };
    }
    if (dialogId) row.dialogId = ''; // no group chats in the sandbox
    return row;
  });
  const out: MethodResult = { result: { workgroups } };
  if (nav.total !== undefined) out.total = nav.total;
  if (nav.next !== undefined) out.next = nav.next;
  return out;
}

export const workgroupMethods: Record<string, MethodDef> = {
  'socialnetwork.api.workgroup.get': { scope: 'socialnetwork', handler: workgroupGet },
  'socialnetwork.api.workgroup.list': { scope: 'socialnetwork', handler: workgroupList },
};
