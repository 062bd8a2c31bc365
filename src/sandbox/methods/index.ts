import { eventMethods } from './event.js';
import { sonetGroupUserMethods } from './sonet-group-user.js';
import { sonetGroupMethods } from './sonet-group.js';
import type { MethodDef } from './types.js';
import { userMethods } from './user.js';

export type { MethodContext, MethodDef } from './types.js';

/** Every REST method the sandbox portal knows, lowercased (batch is handled by the server itself). */
export const METHODS: ReadonlyMap<string, MethodDef> = new Map(
  Object.entries({ ...eventMethods, ...sonetGroupMethods, ...sonetGroupUserMethods, ...userMethods }),
);
