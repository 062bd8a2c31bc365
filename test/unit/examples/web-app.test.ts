/** The reference web app's pure decisions (examples/web/src): routes, the token in the URL, outcome sentences. */
import { describe, expect, it } from 'vitest';
import { actionsFor, STATUS_LABEL } from '../../../examples/web/src/actions.js';
import { actionOutcome, headingOfType, refusalOutcome, requestAnswerOutcome, requestOutcome } from '../../../examples/web/src/outcome.js';
import { describeQueryError } from '../../../examples/web/src/query-error.js';
import { hrefOf, parseRoute, type Route } from '../../../examples/web/src/route.js';
import { tokenFromUrl, urlWithToken } from '../../../examples/web/src/token.js';

describe('routes', () => {
  it.each<[string, Route]>([
    ['', { screen: 'my-groups' }],
    ['#/', { screen: 'my-groups' }],
    ['#/groups', { screen: 'groups' }],
    ['#/groups/42', { screen: 'group', groupId: '42' }],
    ['#/groups/a%2Fb', { screen: 'group', groupId: 'a/b' }],
    ['#/nowhere', { screen: 'my-groups' }],
  ])('%s → %o, and back', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
    expect(parseRoute(hrefOf(route))).toEqual(route);
  });
});

describe('the token in the URL', () => {
  it.each([
    ['http://x/?token=demo-user#/groups', 'demo-user'],
    ['http://x/?token=%20abc%20', 'abc'],
    ['http://x/?token=', null],
    ['http://x/', null],
  ])('%s → %s', (href, token) => expect(tokenFromUrl(href)).toBe(token));

  it('sets and removes it without touching the rest of the address', () => {
    expect(urlWithToken('http://x/?a=1#/groups', 'demo-user-2')).toBe('http://x/?a=1&token=demo-user-2#/groups');
    expect(urlWithToken('http://x/?token=t&a=1#/groups/5', null)).toBe('http://x/?a=1#/groups/5');
  });
});

describe('outcomes', () => {
  it.each([
    ['AlreadyGroupMemberError', 'Already in this group'],
    ['MembershipRequestRefusedError', 'Bitrix24 refused the request'],
    ['OwnerCannotLeaveError', 'The owner cannot leave'],
    ['SomeFutureRefusalError', 'Some future refusal'],
  ])('a %s is headed "%s" and explained by its own message', (typename, heading) => {
    expect(refusalOutcome({ __typename: typename, message: 'The gateway says why.' })).toEqual({
      tone: 'refusal',
      heading,
      detail: 'The gateway says why.',
    });
  });

  it.each([
    ['GroupNotFoundError', 'Group not found'],
    ['NotGroupMemberError', 'Not group member'],
  ])('headingOfType(%s) = %s', (typename, heading) => expect(headingOfType(typename)).toBe(heading));

  it('JOINED and REQUESTED read differently', () => {
    expect(requestOutcome('JOINED', 'Falcon').detail).toBe('You are now a member of Falcon.');
    expect(requestOutcome('REQUESTED', 'Falcon')).toEqual({
      tone: 'success',
      heading: 'Requested',
      detail: 'Your request to join Falcon waits for its moderators.',
    });
  });
});

describe('query errors', () => {
  const graphQLError = (message: string, code?: string) => ({ message, extensions: code ? { code } : {} });
  it.each([
    [[graphQLError('The token has expired.', 'UNAUTHENTICATED')], 'Signed out', 'The token has expired. Sign in again with a valid token.'],
    [[graphQLError('Too many requests.', 'RATE_LIMITED')], 'Bitrix24 is busy', 'Too many requests.'],
    [[graphQLError('Something else.', 'BAD_USER_INPUT')], 'The gateway answered with an error', 'Something else.'],
  ])('%o → %s', (graphQLErrors, heading, detail) => {
    expect(describeQueryError({ graphQLErrors, networkError: undefined, message: '' } as never)).toEqual({ tone: 'refusal', heading, detail });
  });

  it('no GraphQL error: the network error', () => {
    expect(describeQueryError({ graphQLErrors: [], networkError: new Error('Failed to fetch'), message: '[Network] Failed to fetch' } as never)).toEqual({
      tone: 'refusal',
      heading: 'The gateway cannot be reached',
      detail: 'Failed to fetch',
    });
  });
});

describe('buttons come from viewerCan only', () => {
  const none = { requestMembership: false, cancelRequest: false, acceptInvitation: false, declineInvitation: false, leave: false };
  it.each([
    ['nothing allowed', none, false, []],
    ['may request, closed group', { ...none, requestMembership: true }, false, ['request']],
    ['may request, open group', { ...none, requestMembership: true }, true, ['join']],
    ['pending request', { ...none, cancelRequest: true }, false, ['cancel']],
    ['invited', { ...none, acceptInvitation: true, declineInvitation: true }, false, ['accept', 'decline']],
    ['member', { ...none, leave: true }, true, ['leave']],
  ])('%s → %o', (_case, can, isOpen, actions) => expect(actionsFor(can, isOpen)).toEqual(actions));

  it('every viewerStatus has a word', () => {
    expect(STATUS_LABEL).toEqual({
      OWNER: 'owner',
      MODERATOR: 'moderator',
      MEMBER: 'member',
      REQUEST_PENDING: 'requested',
      INVITATION_PENDING: 'invited',
      NONE: 'not a member',
    });
  });

  it.each([
    ['cancel', 'Request cancelled', 'Your request to join Falcon is withdrawn.'],
    ['accept', 'Invitation accepted', 'You are now a member of Falcon.'],
    ['decline', 'Invitation declined', 'You declined the invitation to Falcon.'],
    ['leave', 'Left', 'You left Falcon.'],
  ] as const)('%s reads "%s: %s"', (action, heading, detail) => {
    expect(actionOutcome(action, 'Falcon')).toEqual({ tone: 'success', heading, detail });
  });

  it("a moderator's answers", () => {
    expect(requestAnswerOutcome('accept', 'Elena').detail).toBe('Elena is now a member.');
    expect(requestAnswerOutcome('deny', 'Elena').detail).toBe("Elena's request was denied.");
  });
});
