import type { CombinedError } from 'urql';

/**
 * A mutation's answer, as a sentence a person reads. Refusals are data in this API (a union member implementing
 * MembershipError / WorkgroupError, with a `message` the gateway writes for people), so the UI switches on
 * `__typename` for the heading and shows the gateway's message as the explanation: never "Something went wrong".
 */
export interface Outcome {
  tone: 'success' | 'refusal';
  heading: string;
  detail: string;
}

/** Headings for the refusal types of the schema; an unknown one (added later) is still shown, by its own name. */
const REFUSAL_HEADINGS: Record<string, string> = {
  GroupNotFoundError: 'Group not found',
  AlreadyGroupMemberError: 'Already in this group',
  MembershipRequestRefusedError: 'Bitrix24 refused the request',
  NoPendingRequestError: 'No pending request',
  NoInvitationError: 'No invitation',
  NotGroupMemberError: 'Not a member',
  OwnerCannotLeaveError: 'The owner cannot leave',
  AutoMemberCannotLeaveError: 'Membership kept by department sync',
  NotAllowedError: 'Not allowed',
  OperationNotSupportedError: 'Not supported by this portal',
  PortalRefusedError: 'Bitrix24 refused',
};

/** "OwnerCannotLeaveError" → "Owner cannot leave": a readable heading for a refusal type this app does not know yet. */
export function headingOfType(typename: string): string {
  const words = typename.replace(/Error$/, '').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function refusalOutcome(result: { __typename: string; message?: string | null }): Outcome {
  return {
    tone: 'refusal',
    heading: REFUSAL_HEADINGS[result.__typename] ?? headingOfType(result.__typename),
    detail: result.message ?? '',
  };
}

/** A mutation that brought no answer: the gateway's error message when there is one. */
export function failureOutcome(error: CombinedError | undefined): Outcome {
  return { tone: 'refusal', heading: 'The action failed', detail: error?.graphQLErrors[0]?.message ?? error?.message ?? 'No answer from the gateway.' };
}

/** What a caller's action did, said from the group's state afterwards. */
export function actionOutcome(action: 'cancel' | 'accept' | 'decline' | 'leave', groupName: string): Outcome {
  const detail = {
    cancel: `Your request to join ${groupName} is withdrawn.`,
    accept: `You are now a member of ${groupName}.`,
    decline: `You declined the invitation to ${groupName}.`,
    leave: `You left ${groupName}.`,
  }[action];
  const heading = { cancel: 'Request cancelled', accept: 'Invitation accepted', decline: 'Invitation declined', leave: 'Left' }[action];
  return { tone: 'success', heading, detail };
}

/** What a moderator's answer to a request did. */
export function requestAnswerOutcome(answer: 'accept' | 'deny', userName: string): Outcome {
  return answer === 'accept'
    ? { tone: 'success', heading: 'Request accepted', detail: `${userName} is now a member.` }
    : { tone: 'success', heading: 'Request denied', detail: `${userName}'s request was denied.` };
}

/** What "Join" / "Request to join" did, from requestGroupMembership's status. */
export function requestOutcome(status: 'JOINED' | 'REQUESTED', groupName: string): Outcome {
  return status === 'JOINED'
    ? { tone: 'success', heading: 'Joined', detail: `You are now a member of ${groupName}.` }
    : { tone: 'success', heading: 'Requested', detail: `Your request to join ${groupName} waits for its moderators.` };
}
