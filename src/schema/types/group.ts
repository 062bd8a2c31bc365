import { listGroups, type Group, type GroupFilter, type GroupMembership, type GroupOrderField, type GroupRole } from '../../bitrix24/index.js';
import { builder } from '../builder.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { badUserInput } from '../errors.js';
import { lookAheadForGroup, lookAheadForPage } from '../../workgroups/index.js';
import { parseId, parseIds } from '../ids.js';
import type { GatewayContext } from '../context.js';
import { connectionNodesSelect, selectsPath, type SelectionInfo } from '../selection.js';
import { UserRef } from './user.js';

export const GroupRoleEnum = builder.enumType('GroupRole', {
  description: 'A member\'s role in a workgroup. Pending requests and invitations are not memberships.',
  values: {
    OWNER: { value: 'OWNER', description: 'Owns the group: edits it, manages members, cannot leave it.' },
    MODERATOR: { value: 'MODERATOR', description: 'Helps the owner run the group.' },
    MEMBER: { value: 'MEMBER', description: 'A plain member.' },
  } as const,
});

export const GroupRef = builder.objectRef<Group>('Group');

/**
 * A group by id through the request's loader, for every field that hands out one group (`group(id:)`,
 * `ViewerGroup.group`, `_entities`). When the selection below asks for `membershipRequests`, the caller's standing
 * in the group (the gate's per-group read) is queued in this same tick, so it leaves in the group read's own batch
 * rather than one request later (membership-requests.ts).
 */
export function loadGroup(context: GatewayContext, id: number, info: SelectionInfo): Promise<Group | null> {
  const group = context.loaders.groupById.load(id);
  if (selectsPath(info, ['membershipRequests'])) lookAheadForGroup(context, id);
  return group;
}

const GroupMemberRef = builder.objectRef<GroupMembership>('GroupMember');

GroupMemberRef.implement({
  fields: (t) => ({
    role: t.field({ type: GroupRoleEnum, resolve: (member) => member.role }),
    user: t.field({
      type: UserRef,
      resolve: async (member, _args, context) => {
        const user = await context.loaders.userById.load(member.userId);
        if (!user) throw new Error(`member ${member.userId} of group ${member.groupId} is not visible as a user`);
        return user;
      },
    }),
  }),
});

GroupRef.implement({
  description: 'A Bitrix24 workgroup or project (sonet_group).',
  fields: (t) => ({
    id: t.id({ resolve: (group) => group.id }),
    name: t.string({ resolve: (group) => group.name }),
    description: t.string({ nullable: true, resolve: (group) => group.description }),
    keywords: t.string({ nullable: true, resolve: (group) => group.keywords }),
    isActive: t.boolean({ resolve: (group) => group.isActive }),
    isVisible: t.boolean({ description: 'Listed for everyone; false for secret groups.', resolve: (group) => group.isVisible }),
    isOpen: t.boolean({ description: 'Anyone may join without approval.', resolve: (group) => group.isOpen }),
    isArchived: t.boolean({ resolve: (group) => group.isArchived }),
    isProject: t.boolean({ resolve: (group) => group.isProject }),
    projectStart: t.field({ type: 'DateTime', nullable: true, resolve: (group) => group.projectStart }),
    projectFinish: t.field({ type: 'DateTime', nullable: true, resolve: (group) => group.projectFinish }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (group) => group.createdAt }),
    updatedAt: t.field({ type: 'DateTime', nullable: true, resolve: (group) => group.updatedAt }),
    lastActivityAt: t.field({ type: 'DateTime', nullable: true, resolve: (group) => group.lastActivityAt }),
    memberCount: t.int({ description: 'Owner, moderators and members who are active users.', resolve: (group) => group.memberCount }),
    subject: t.string({ nullable: true, description: 'The portal\'s subject (category) name.', resolve: (group) => group.subjectName }),
    owner: t.field({
      type: UserRef,
      nullable: true,
      resolve: (group, _args, context) => (group.ownerId === null ? null : context.loaders.userById.load(group.ownerId)),
    }),
    members: t.field({
      type: [GroupMemberRef],
      description: 'Owner, moderators and members (active users only; pending requests are never listed upstream).',
      args: { roles: t.arg({ type: [GroupRoleEnum], required: false }) },
      resolve: async (group, args, context) => {
        const members = await context.loaders.membersByGroup.load(group.id);
        const roles = args.roles ? new Set<GroupRole>(args.roles) : null;
        return roles ? members.filter((member) => roles.has(member.role)) : members;
      },
    }),
  }),
});

builder.asEntity(GroupRef, {
  key: builder.selection<{ id: string }>('id'),
  // Called once per representation: the request's loader merges them, 50 ids per sonet_group.get call.
  // async: a bad id must reject this one representation, not throw out of _entities and fail all of them.
  resolveReference: async (reference, context, info) => loadGroup(context, parseId(reference.id, 'id'), info),
});

const DateTimeRange = builder.inputType('DateTimeRange', {
  description: 'Inclusive bounds; either may be omitted. Sent upstream as two conditions, since Bitrix24 ignores "><".',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: false }),
    to: t.field({ type: 'DateTime', required: false }),
  }),
});

const GroupFilterInput = builder.inputType('GroupFilter', {
  description: 'All conditions must hold. Omitted fields do not filter.',
  fields: (t) => ({
    nameContains: t.string({ required: false, description: 'Case-insensitive substring of the name.' }),
    ids: t.idList({ required: false }),
    ownerId: t.id({ required: false }),
    isOpen: t.boolean({ required: false }),
    isVisible: t.boolean({ required: false }),
    isArchived: t.boolean({ required: false }),
    isActive: t.boolean({ required: false }),
    isProject: t.boolean({ required: false }),
    createdAt: t.field({ type: DateTimeRange, required: false }),
    updatedAt: t.field({ type: DateTimeRange, required: false }),
    lastActivityAt: t.field({ type: DateTimeRange, required: false }),
  }),
});

const GroupOrderFieldEnum = builder.enumType('GroupOrderField', {
  values: ['ID', 'NAME', 'CREATED_AT', 'UPDATED_AT', 'LAST_ACTIVITY_AT', 'MEMBER_COUNT'] as const satisfies readonly GroupOrderField[],
});
const SortDirectionEnum = builder.enumType('SortDirection', { values: ['ASC', 'DESC'] as const });

const GroupOrderInput = builder.inputType('GroupOrder', {
  fields: (t) => ({
    field: t.field({ type: GroupOrderFieldEnum, required: true }),
    direction: t.field({ type: SortDirectionEnum, required: true, defaultValue: 'ASC' }),
  }),
});

export const DEFAULT_PAGE_SIZE = 20;

builder.queryFields((t) => ({
  group: t.field({
    type: GroupRef,
    nullable: true,
    description: 'A group by id; null when it does not exist or the caller may not see it (secret groups).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context, info) => loadGroup(context, parseId(args.id, 'id'), info),
  }),
  groups: t.connection(
    {
      type: GroupRef,
      // Nullable so that an upstream failure of the list leaves the operation's other root fields intact.
      nullable: true,
      description:
        'Groups the caller may see, filtered and ordered upstream. `first` defaults to 20; its maximum is MAX_PAGE_SIZE ' +
        '(200 unless configured). A page spanning several upstream pages of 50 costs one batch request.',
      args: {
        filter: t.arg({ type: GroupFilterInput, required: false }),
        orderBy: t.arg({ type: [GroupOrderInput], required: false, description: 'Default: newest id first.' }),
      },
      resolve: async (_root, args, context, info) => {
        if (args.last != null || args.before != null) {
          throw badUserInput('groups pages forward only: use first and after', args.last != null ? 'last' : 'before');
        }
        const first = args.first ?? DEFAULT_PAGE_SIZE;
        const max = context.config.maxPageSize;
        if (!Number.isInteger(first) || first < 1 || first > max) {
          throw badUserInput(`first must be between 1 and ${max}; received ${first}`, 'first');
        }
        let offset = 0;
        if (args.after != null) {
          const decoded = decodeCursor(args.after);
          if (decoded === null) throw badUserInput('after is not a cursor of this connection', 'after');
          offset = decoded + 1;
        }
        const raw = args.filter;
        const filter: GroupFilter | undefined = raw
          ? {
              ...raw,
              ids: raw.ids ? parseIds(raw.ids, 'filter.ids') : undefined,
              ownerId: raw.ownerId != null ? parseId(raw.ownerId, 'filter.ownerId') : undefined,
            }
          : undefined;
        const query = { filter, orderBy: args.orderBy, offset, count: first };
        const pending = listGroups(context.session(), query);
        // In this tick, so the mirror read of the gate's facts leaves in the page's own batch (membership-requests.ts).
        if (connectionNodesSelect(info, 'membershipRequests')) lookAheadForPage(context, query);
        const page = await pending;
        // Past the end is an empty page: a forged cursor beyond the last row must not show the last page's rows
        // (Bitrix24 clamps a `start` past the end to the last page).
        const groups = offset < page.totalCount ? page.groups : [];
        for (const group of groups) context.loaders.groupById.prime(group.id, group);
        const edges = groups.map((group, index) => ({ cursor: encodeCursor(offset + index), node: group }));
        return {
          edges,
          totalCount: page.totalCount,
          pageInfo: {
            hasNextPage: offset + groups.length < page.totalCount,
            hasPreviousPage: offset > 0,
            startCursor: edges[0]?.cursor ?? null,
            endCursor: edges.at(-1)?.cursor ?? null,
          },
        };
      },
    },
    {
      name: 'GroupConnection',
      fields: (connection) => ({
        totalCount: connection.int({
          description: 'Groups matching the filter that the caller may see.',
          resolve: (parent) => (parent as unknown as { totalCount: number }).totalCount,
        }),
      }),
    },
    { name: 'GroupEdge' },
  ),
}));
