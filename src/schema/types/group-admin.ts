/**
 * A group's own life through the gateway: createGroup, updateGroup, archiveGroup, unarchiveGroup, deleteGroup (all on
 * Bitrix24's documented legacy methods). Inputs are validated here, before any upstream call (BAD_USER_INPUT).
 */
import type { GroupFields, InvitePermission } from '../../bitrix24/index.js';
import {
  archiveGroup,
  createGroup,
  CREATE_GROUP_REFUSALS,
  deleteGroup,
  DELETE_GROUP_REFUSALS,
  unarchiveGroup,
  updateGroup,
  UPDATE_GROUP_REFUSALS,
  type GroupDeleted,
  type GroupWritten,
} from '../../workgroups/index.js';
import { builder } from '../builder.js';
import { badUserInput } from '../errors.js';
import { parseId } from '../ids.js';
import { unwrap, workgroupErrorTypes } from '../workgroup-errors.js';
import { GroupRef } from './group.js';

/** b_sonet_group.NAME and KEYWORDS are 255-character columns. */
const MAX_GROUP_NAME = 255;
const MAX_KEYWORDS = 255;
/** DESCRIPTION is a text column; the gateway bounds what one request may write. */
const MAX_DESCRIPTION = 10_000;

const InvitePermissionEnum = builder.enumType('GroupInvitePermission', {
  description: 'Who may invite people to the group, and answer requests to join.',
  values: {
    OWNER: { description: 'Only the owner.' },
    OWNER_AND_MODERATORS: { description: 'The owner and the moderators.' },
    ALL_MEMBERS: { description: 'Every member (the portal\'s default for new groups).' },
  } as const satisfies Record<InvitePermission, unknown>,
});

function groupInputFields<Required extends boolean>(t: Parameters<Parameters<typeof builder.inputType>[1]['fields']>[0], nameRequired: Required) {
  return {
    name: t.string({ required: nameRequired, description: `1 to ${MAX_GROUP_NAME} characters, not blank.` }),
    description: t.string({ required: false, description: `At most ${MAX_DESCRIPTION} characters; "" clears it.` }),
    keywords: t.string({ required: false, description: `Comma-separated, at most ${MAX_KEYWORDS} characters; "" clears them.` }),
    isVisible: t.boolean({ required: false, description: 'Listed for everyone (false: a secret group). New groups: true.' }),
    isOpen: t.boolean({ required: false, description: 'Anyone may join without approval. A secret group cannot be open. New groups: false.' }),
    isProject: t.boolean({ required: false }),
    projectStart: t.field({ type: 'DateTime', required: false, description: 'Kept by the portal as a date.' }),
    projectFinish: t.field({ type: 'DateTime', required: false, description: 'Kept by the portal as a date; not before projectStart.' }),
    whoMayInvite: t.field({ type: InvitePermissionEnum, required: false, description: 'New groups: ALL_MEMBERS.' }),
    subjectId: t.id({ required: false, description: 'The portal\'s subject (category) id.' }),
  };
}

const CreateGroupInput = builder.inputType('CreateGroupInput', { fields: (t) => groupInputFields(t, true) });
const UpdateGroupInput = builder.inputType('UpdateGroupInput', {
  description: 'Only the fields given change. Opening a closed group (isOpen: true) makes Bitrix24 accept every pending request.',
  fields: (t) => groupInputFields(t, false),
});

interface RawGroupInput {
  name?: string | null | undefined;
  description?: string | null | undefined;
  keywords?: string | null | undefined;
  isVisible?: boolean | null | undefined;
  isOpen?: boolean | null | undefined;
  isProject?: boolean | null | undefined;
  projectStart?: Date | null | undefined;
  projectFinish?: Date | null | undefined;
  whoMayInvite?: InvitePermission | null | undefined;
  subjectId?: string | number | null | undefined;
}

/** The input as the fields Bitrix24 is sent, or BAD_USER_INPUT naming the field. Pure. */
function toGroupFields(input: RawGroupInput, argument: string): GroupFields {
  const fields: GroupFields = {};
  if (input.name != null) {
    const name = input.name.trim();
    if (name === '' || name.length > MAX_GROUP_NAME) throw badUserInput(`${argument}.name must be 1 to ${MAX_GROUP_NAME} characters, not blank; received ${input.name.length}`, `${argument}.name`);
    fields.name = name;
  }
  if (input.description != null) {
    if (input.description.length > MAX_DESCRIPTION) throw badUserInput(`${argument}.description must be at most ${MAX_DESCRIPTION} characters; received ${input.description.length}`, `${argument}.description`);
    fields.description = input.description;
  }
  if (input.keywords != null) {
    if (input.keywords.length > MAX_KEYWORDS) throw badUserInput(`${argument}.keywords must be at most ${MAX_KEYWORDS} characters; received ${input.keywords.length}`, `${argument}.keywords`);
    fields.keywords = input.keywords;
  }
  if (input.isVisible != null) fields.isVisible = input.isVisible;
  if (input.isOpen != null) fields.isOpen = input.isOpen;
  if (fields.isOpen === true && fields.isVisible === false) {
    throw badUserInput(`${argument}.isOpen cannot be true for a secret group (isVisible: false)`, `${argument}.isOpen`);
  }
  if (input.isProject != null) fields.isProject = input.isProject;
  if (input.projectStart != null) fields.projectStart = input.projectStart;
  if (input.projectFinish != null) fields.projectFinish = input.projectFinish;
  if (fields.projectStart && fields.projectFinish && fields.projectFinish.getTime() < fields.projectStart.getTime()) {
    throw badUserInput(`${argument}.projectFinish must not be before projectStart`, `${argument}.projectFinish`);
  }
  if (input.whoMayInvite != null) fields.invitePermission = input.whoMayInvite;
  if (input.subjectId != null) fields.subjectId = parseId(input.subjectId, `${argument}.subjectId`);
  return fields;
}

// Four types share GroupWritten; the errors plugin's result union picks the field's own success type (isTypeOf only
// asserts the shape afterwards), so the value needs no tag naming its type.
const GroupWrittenFields = (name: string, description: string) =>
  builder.objectRef<GroupWritten>(name).implement({
    description,
    isTypeOf: (value) => typeof value === 'object' && value !== null && !(value instanceof Error) && 'changed' in value,
    fields: (t) => ({
      group: t.field({ type: GroupRef, description: 'The group as re-read after the write.', resolve: (result) => result.group }),
      changed: t.boolean({ description: 'False when the group already was as asked: nothing was written.', resolve: (result) => result.changed }),
    }),
  });

const CreateSuccess = GroupWrittenFields('CreateGroupSuccess', 'The new group; the caller owns it.');
const UpdateSuccess = GroupWrittenFields('UpdateGroupSuccess', 'The group as it is now.');
const ArchiveSuccess = GroupWrittenFields('ArchiveGroupSuccess', 'The group is archived.');
const UnarchiveSuccess = GroupWrittenFields('UnarchiveGroupSuccess', 'The group is no longer archived.');
const DeleteSuccess = builder.objectRef<GroupDeleted>('DeleteGroupSuccess').implement({
  description: 'The group is gone, for good.',
  isTypeOf: (value) => typeof value === 'object' && value !== null && !(value instanceof Error) && 'groupId' in value,
  fields: (t) => ({ groupId: t.id({ resolve: (result) => result.groupId }) }),
});

builder.mutationField('createGroup', (t) =>
  t.field({
    type: CreateSuccess,
    description: 'Creates a group owned by the caller (Bitrix24 sonet_group.create).',
    errors: { types: workgroupErrorTypes('createGroup', CREATE_GROUP_REFUSALS), union: { name: 'CreateGroupResult' } },
    args: { input: t.arg({ type: CreateGroupInput, required: true }) },
    resolve: async (_root, args, context) => {
      const fields = toGroupFields(args.input, 'input');
      const outcome = await createGroup(context, { ...fields, name: fields.name! });
      return unwrap('createGroup', outcome);
    },
  }),
);

builder.mutationField('updateGroup', (t) =>
  t.field({
    type: UpdateSuccess,
    description: 'Changes a group\'s settings (Bitrix24 sonet_group.update; the owner only).',
    errors: { types: workgroupErrorTypes('updateGroup', UPDATE_GROUP_REFUSALS), union: { name: 'UpdateGroupResult' } },
    args: { groupId: t.arg.id({ required: true }), input: t.arg({ type: UpdateGroupInput, required: true }) },
    resolve: async (_root, args, context) => {
      const groupId = parseId(args.groupId, 'groupId');
      const fields = toGroupFields(args.input, 'input');
      if (Object.keys(fields).length === 0) throw badUserInput('input must set at least one field', 'input');
      return unwrap('updateGroup', await updateGroup(context, { groupId, fields }));
    },
  }),
);

builder.mutationField('archiveGroup', (t) =>
  t.field({
    type: ArchiveSuccess,
    description: 'Archives a group (Bitrix24 sonet_group.update with CLOSED=Y; the owner only).',
    errors: { types: workgroupErrorTypes('archiveGroup', UPDATE_GROUP_REFUSALS), union: { name: 'ArchiveGroupResult' } },
    args: { groupId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => unwrap('archiveGroup', await archiveGroup(context, parseId(args.groupId, 'groupId'))),
  }),
);

builder.mutationField('unarchiveGroup', (t) =>
  t.field({
    type: UnarchiveSuccess,
    description: 'Takes a group out of the archive (Bitrix24 sonet_group.update with CLOSED=N; the owner only).',
    errors: { types: workgroupErrorTypes('unarchiveGroup', UPDATE_GROUP_REFUSALS), union: { name: 'UnarchiveGroupResult' } },
    args: { groupId: t.arg.id({ required: true }) },
    resolve: async (_root, args, context) => unwrap('unarchiveGroup', await unarchiveGroup(context, parseId(args.groupId, 'groupId'))),
  }),
);

builder.mutationField('deleteGroup', (t) =>
  t.field({
    type: DeleteSuccess,
    description:
      'Deletes a group for good (Bitrix24 sonet_group.delete; the owner only). Irreversible, so `confirmName` must be ' +
      'the group\'s exact current name, or nothing is written (ConfirmationMismatchError).',
    errors: { types: workgroupErrorTypes('deleteGroup', DELETE_GROUP_REFUSALS), union: { name: 'DeleteGroupResult' } },
    args: { groupId: t.arg.id({ required: true }), confirmName: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => unwrap('deleteGroup', await deleteGroup(context, { groupId: parseId(args.groupId, 'groupId'), confirmName: args.confirmName })),
  }),
);
