import { sonetGroupMemberMethods } from './sonet-group-members.js';
import { sonetGroupUserMethods } from './sonet-group-user.js';
import { sonetGroupWriteMethods } from './sonet-group-write.js';
import { sonetGroupMethods } from './sonet-group.js';
import type { MethodDef } from './types.js';
import { userMethods } from './user.js';
import { usertogroupMethods } from './usertogroup.js';
import { workgroupMethods } from './workgroup.js';

export type { MethodContext, MethodDef } from './types.js';

/** Every REST method the sandbox portal knows, lowercased (batch is handled by the server itself). */
export const METHODS: ReadonlyMap<string, MethodDef> = new Map(
  Object.entries({
    ...sonetGroupMethods,
    ...sonetGroupWriteMethods,
    ...sonetGroupUserMethods,
    ...sonetGroupMemberMethods,
    ...userMethods,
    ...usertogroupMethods,
    ...workgroupMethods,
  }),
);
