import type { User, ViewerGroup } from '../../bitrix24/index.js';
import { builder } from '../builder.js';
import { GroupRef, GroupRoleEnum, loadGroup } from './group.js';
import { UserRef } from './user.js';

/** The viewer is resolved lazily: `viewer { groups }` never calls user.current. */
interface ViewerShape {
  readonly kind: 'viewer';
}

const ViewerRef = builder.objectRef<ViewerShape>('Viewer');
const ViewerGroupRef = builder.objectRef<ViewerGroup>('ViewerGroup');

ViewerGroupRef.implement({
  description: 'One of the caller\'s groups and the caller\'s role in it.',
  fields: (t) => ({
    role: t.field({ type: GroupRoleEnum, resolve: (membership) => membership.role }),
    group: t.field({
      type: GroupRef,
      nullable: true,
      description: 'Null only if the group disappeared between the two upstream reads.',
      resolve: (membership, _args, context, info) => loadGroup(context, membership.groupId, info),
    }),
  }),
});

ViewerRef.implement({
  description: 'The caller, as identified by the bearer token.',
  fields: (t) => ({
    user: t.field({ type: UserRef, resolve: (_viewer, _args, context): Promise<User> => context.loaders.viewer() }),
    groups: t.field({
      type: [ViewerGroupRef],
      description: 'Groups where the caller is owner, moderator or member (pending requests are not included).',
      args: { roles: t.arg({ type: [GroupRoleEnum], required: false }) },
      resolve: async (_viewer, args, context) => {
        const groups = await context.loaders.viewerGroups();
        return args.roles ? groups.filter((group) => args.roles!.includes(group.role)) : groups;
      },
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    resolve: (_root, _args, context) => {
      // Refuse here rather than in each child field: no token, no upstream call, one clear error.
      context.session();
      return { kind: 'viewer' } as const;
    },
  }),
);
