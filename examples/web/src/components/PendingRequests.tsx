import { useMutation, useQuery } from 'urql';
import { REFRESH_GROUPS } from '../client.js';
import { AcceptRequestDocument, DenyRequestDocument, MembershipRequestsDocument } from '../gql/graphql.js';
import { failureOutcome, refusalOutcome, requestAnswerOutcome, type Outcome } from '../outcome.js';
import { useLiveGroups } from './live.js';
import { Problem } from './Problem.js';

/**
 * A moderator's view of a group's pending requests, each with "Accept" and "Deny". Shown only when
 * `viewerCan.processRequests`; the gateway answers `membershipRequests: null` to anyone else anyway.
 */
export function PendingRequests({ groupId, onOutcome }: { groupId: string; onOutcome: (outcome: Outcome) => void }) {
  const [{ data, error }, refetch] = useQuery({ query: MembershipRequestsDocument, variables: { groupId } });
  // The same groupChanged subscription as the page around it (urql shares one stream per operation).
  useLiveGroups([groupId], () => refetch({ requestPolicy: 'network-only' }));
  const [accepting, acceptRequest] = useMutation(AcceptRequestDocument);
  const [denying, denyRequest] = useMutation(DenyRequestDocument);

  const answer = async (answer: 'accept' | 'deny', requestId: string, userName: string) => {
    const { error, result } =
      answer === 'accept'
        ? await acceptRequest({ requestId }, REFRESH_GROUPS).then((r) => ({ error: r.error, result: r.data?.acceptGroupMembershipRequest }))
        : await denyRequest({ requestId }, REFRESH_GROUPS).then((r) => ({ error: r.error, result: r.data?.denyGroupMembershipRequest }));
    if (!result) onOutcome(failureOutcome(error));
    else if ('message' in result) onOutcome(refusalOutcome(result));
    else onOutcome(requestAnswerOutcome(answer, userName));
  };

  if (error) return <Problem error={error} />;
  const requests = data?.group?.membershipRequests;
  if (!requests) return null;
  return (
    <section>
      <h2>Pending requests ({requests.totalCount})</h2>
      {requests.nodes.length === 0 && <p className="hint">No one is waiting.</p>}
      <ul className="requests" data-testid="pending-requests">
        {requests.nodes.map((request) => (
          <li key={request.id} data-testid={`request-${request.user.id}`}>
            <span>
              <strong>{request.user.fullName}</strong>
              {request.user.workPosition ? <span className="hint"> · {request.user.workPosition}</span> : null}
              {request.message ? <span className="message"> “{request.message}”</span> : null}
              {request.requestedAt ? <span className="hint"> · {new Date(request.requestedAt).toLocaleString()}</span> : null}
            </span>
            <span className="actions">
              <button type="button" disabled={accepting.fetching || denying.fetching} onClick={() => void answer('accept', request.id, request.user.fullName)}>
                Accept
              </button>
              <button type="button" className="secondary" disabled={accepting.fetching || denying.fetching} onClick={() => void answer('deny', request.id, request.user.fullName)}>
                Deny
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
