/**
 * Live updates (issue 13): `groupChanged(ids)` and `viewerGroupsChanged`. Thin: the fan-out, re-reads and snapshots
 * live in src/events/; here a payload becomes GraphQL. Each event's payload carries the FRESH loaders its re-read
 * used, and they become the context's loaders for that event, so the payload's nested fields (members, viewer
 * status, ...) resolve from the same re-read and nothing is cached from one event to the next.
 */
import { GraphQLError } from 'graphql';
import type { Group } from '../../bitrix24/index.js';
import { endWithErrorValue, type GroupChangeEvent, type LiveCaller, LiveUpdateError, type StreamItem, type ViewerGroupsChangeEvent } from '../../events/index.js';
import type { Loaders } from '../../workgroups/index.js';
import { builder } from '../builder.js';
import type { GatewayContext } from '../context.js';
import { liveUpdateError, unauthenticated } from '../errors.js';
import { parseIds } from '../ids.js';
import { GroupRef } from './group.js';

type GroupChangeItem = StreamItem<GroupChangeEvent<Group, Loaders>>;
type ViewerChangeItem = StreamItem<ViewerGroupsChangeEvent<Group, Loaders>>;

const GroupChangeKindEnum = builder.enumType('GroupChangeKind', {
  description: 'What changed about a watched group, as the subscriber can see it.',
  values: {
    UPDATED: { description: 'A field of the group changed (name, description, settings, ...).' },
    DELETED: { description: 'The group was deleted; `group` is null.' },
    MEMBERSHIP_CHANGED: {
      description: 'Its members or their roles changed, or the subscriber gained or lost sight of it (`group` is then null).',
    },
  },
});

const GroupChangeRef = builder.objectRef<GroupChangeEvent<Group, Loaders>>('GroupChange').implement({
  description: 'One change to a watched group. Bitrix24 says only which group changed; the gateway re-reads it as the subscriber.',
  fields: (t) => ({
    kind: t.field({ type: GroupChangeKindEnum, resolve: (change) => change.kind }),
    groupId: t.id({ resolve: (change) => String(change.groupId) }),
    group: t.field({
      type: GroupRef,
      nullable: true,
      description: 'The group as the subscriber sees it now; null once deleted or no longer visible to them.',
      resolve: (change) => change.group,
    }),
  }),
});

const ViewerGroupsChangeRef = builder.objectRef<ViewerGroupsChangeEvent<Group, Loaders>>('ViewerGroupsChange').implement({
  description:
    "The caller's own relation to a group changed: they joined, left, were removed, their role changed, or (with BITRIX24_D7_API=on) a request or invitation of theirs appeared, was accepted, withdrawn, declined or denied.",
  fields: (t) => ({
    groupId: t.id({ resolve: (change) => String(change.groupId) }),
    group: t.field({
      type: GroupRef,
      nullable: true,
      description: 'The affected group as the caller sees it now; null when they can no longer see it.',
      resolve: (change) => change.group,
    }),
  }),
});

function liveOf(context: GatewayContext): NonNullable<GatewayContext['live']> {
  if (!context.live) throw new GraphQLError('Live updates are not enabled on this gateway.', { extensions: { code: 'SUBSCRIPTIONS_DISABLED' } });
  return context.live;
}

function callerOf(context: GatewayContext): LiveCaller {
  if (context.token === null) throw unauthenticated('TOKEN_MISSING');
  return { token: context.token, portal: context.portal.origin };
}

/** The event's own loaders serve its nested fields (see the header comment). */
function useEventLoaders(context: GatewayContext, loaders: Loaders): void {
  Object.assign(context, { loaders });
}

async function start<T>(open: () => Promise<AsyncIterableIterator<T>>): Promise<AsyncIterableIterator<StreamItem<T>>> {
  try {
    return endWithErrorValue(await open());
  } catch (error) {
    if (error instanceof LiveUpdateError) throw liveUpdateError(error);
    throw error;
  }
}

builder.subscriptionType({});

builder.subscriptionField('groupChanged', (t) =>
  t.field({
    type: GroupChangeRef,
    description:
      'Changes to these groups, as the caller can see them: updates, deletion, membership. A group the caller cannot see yields nothing.',
    args: { ids: t.arg.idList({ required: true }) },
    subscribe: (_root, args, context) => {
      const ids = parseIds(args.ids, 'ids');
      const caller = callerOf(context);
      return start(() => liveOf(context).watchGroups(caller, ids));
    },
    resolve: (item: GroupChangeItem, _args, context) => {
      if (!item.ok) throw liveUpdateError(item.error);
      useEventLoaders(context, item.value.loaders);
      return item.value;
    },
  }),
);

builder.subscriptionField('viewerGroupsChanged', (t) =>
  t.field({
    type: ViewerGroupsChangeRef,
    description: "The caller's own memberships changed (accepted, invited, removed, role changed), one change per affected group.",
    subscribe: (_root, _args, context) => {
      const caller = callerOf(context);
      return start(() => liveOf(context).watchViewerGroups(caller));
    },
    resolve: (item: ViewerChangeItem, _args, context) => {
      if (!item.ok) throw liveUpdateError(item.error);
      useEventLoaders(context, item.value.loaders);
      return item.value;
    },
  }),
);
