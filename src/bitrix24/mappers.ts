/**
 * Row → domain translation, pure functions. Legacy GetList rows (`sonet_group.*`) carry every value as a string or
 * null; `user.*` mixes booleans and strings; empty dates arrive as "". See docs/bitrix24-protocol.md §4.4.
 */
import type { Group, GroupMembership, GroupRole, User, ViewerGroup } from './model.js';

type Row = Record<string, unknown>;

export function asRow(value: unknown): Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Row) : {};
}

export function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function nonEmptyText(value: unknown): string | null {
  const result = text(value);
  return result === null || result === '' ? null : result;
}

export function int(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  return null;
}

/** `Y`/`N` strings, booleans (user.current's ACTIVE), and 1/0 all appear on the wire. */
export function flag(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value === 'Y' || value === 'y' || value === '1' || value === 'true';
  return false;
}

/** ISO-8601 with offset from sonet_group.get; "" and unparsable values (e.g. `{}` from the ORM path) are null. */
export function date(value: unknown): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

const ROLES: Record<string, GroupRole> = { A: 'OWNER', E: 'MODERATOR', K: 'MEMBER' };

/** A/E/K → enum; anything else (Z pending, T banned) is not a membership. */
export function role(value: unknown): GroupRole | null {
  // Own keys only: a ROLE of "toString" must not find Object.prototype.toString.
  return typeof value === 'string' && Object.hasOwn(ROLES, value) ? ROLES[value]! : null;
}

export const ROLE_LETTER: Record<GroupRole, string> = { OWNER: 'A', MODERATOR: 'E', MEMBER: 'K' };

export function toGroup(value: unknown): Group | null {
  const row = asRow(value);
  const id = int(row.ID);
  if (id === null) return null;
  return {
    id,
    name: text(row.NAME) ?? '',
    description: text(row.DESCRIPTION),
    keywords: nonEmptyText(row.KEYWORDS),
    isActive: flag(row.ACTIVE),
    isVisible: flag(row.VISIBLE),
    isOpen: flag(row.OPENED),
    isArchived: flag(row.CLOSED),
    isProject: flag(row.PROJECT),
    projectStart: date(row.PROJECT_DATE_START),
    projectFinish: date(row.PROJECT_DATE_FINISH),
    createdAt: date(row.DATE_CREATE),
    updatedAt: date(row.DATE_UPDATE),
    lastActivityAt: date(row.DATE_ACTIVITY),
    memberCount: int(row.NUMBER_OF_MEMBERS) ?? 0,
    moderatorCount: int(row.NUMBER_OF_MODERATORS) ?? 0,
    subjectId: int(row.SUBJECT_ID),
    subjectName: nonEmptyText(row.SUBJECT_NAME),
    ownerId: int(row.OWNER_ID),
    imagePath: nonEmptyText(row.IMAGE),
  };
}

export function toUser(value: unknown): User | null {
  const row = asRow(value);
  const id = int(row.ID);
  if (id === null) return null;
  return {
    id,
    name: nonEmptyText(row.NAME),
    lastName: nonEmptyText(row.LAST_NAME),
    email: nonEmptyText(row.EMAIL),
    photoUrl: nonEmptyText(row.PERSONAL_PHOTO),
    workPosition: nonEmptyText(row.WORK_POSITION),
    isActive: flag(row.ACTIVE),
    isOnline: flag(row.IS_ONLINE),
  };
}

export function toMembership(groupId: number, value: unknown): GroupMembership | null {
  const row = asRow(value);
  const userId = int(row.USER_ID);
  const mapped = role(row.ROLE);
  return userId === null || mapped === null ? null : { groupId, userId, role: mapped };
}

export function toViewerGroup(value: unknown): ViewerGroup | null {
  const row = asRow(value);
  const groupId = int(row.GROUP_ID);
  const mapped = role(row.ROLE);
  return groupId === null || mapped === null ? null : { groupId, groupName: text(row.GROUP_NAME) ?? '', role: mapped };
}

/** Maps a list result, dropping rows that are not rows. Bitrix24 sends `[]` for empty lists, never `{}`, but tolerate it. */
export function mapList<T>(value: unknown, map: (row: unknown) => T | null): T[] {
  const rows = Array.isArray(value) ? value : typeof value === 'object' && value !== null ? Object.values(value) : [];
  const out: T[] = [];
  for (const row of rows) {
    const mapped = map(row);
    if (mapped !== null) out.push(mapped);
  }
  return out;
}
