import type { User } from '../../bitrix24/index.js';
import { builder } from '../builder.js';
import { parseId } from '../ids.js';

export const UserRef = builder.objectRef<User>('User');

UserRef.implement({
  description: 'A Bitrix24 user, as the caller may see them.',
  fields: (t) => ({
    id: t.id({ resolve: (user) => user.id }),
    name: t.string({ nullable: true, resolve: (user) => user.name }),
    lastName: t.string({ nullable: true, resolve: (user) => user.lastName }),
    fullName: t.string({
      description: 'First and last name joined; empty when Bitrix24 has neither.',
      resolve: (user) => [user.name, user.lastName].filter((part) => part).join(' '),
    }),
    email: t.string({ nullable: true, resolve: (user) => user.email }),
    photoUrl: t.string({ nullable: true, resolve: (user) => user.photoUrl }),
    workPosition: t.string({ nullable: true, resolve: (user) => user.workPosition }),
    isActive: t.boolean({ resolve: (user) => user.isActive }),
    isOnline: t.boolean({ resolve: (user) => user.isOnline }),
  }),
});

builder.asEntity(UserRef, {
  key: builder.selection<{ id: string }>('id'),
  // Called once per representation: batching comes from the request's loader (one user.get per 50 ids).
  // async: a bad id must reject this one representation, not throw out of _entities and fail all of them.
  resolveReference: async (reference, context) => context.loaders.userById.load(parseId(reference.id, 'id')),
});

builder.queryField('user', (t) =>
  t.field({
    type: UserRef,
    nullable: true,
    description: 'A user by id; null when it does not exist or the caller may not see it.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, context) => context.loaders.userById.load(parseId(args.id, 'id')),
  }),
);
