import { useQuery } from 'urql';
import { MyGroupsDocument } from '../gql/graphql.js';

/** The signed-in user's name. Shares MyGroups with the "My groups" screen: urql sends it once. */
export function ViewerName() {
  const [{ data }] = useQuery({ query: MyGroupsDocument });
  return <span data-testid="viewer-name">{data?.viewer.user.fullName ?? '…'}</span>;
}
