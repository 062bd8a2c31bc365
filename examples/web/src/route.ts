/**
 * Three screens, addressed by the URL's hash so that a link or a reload lands on the same one. Hand-written because a
 * router library would outweigh these ten lines; the parse is pure and tested.
 */
export type Route = { screen: 'my-groups' } | { screen: 'groups' } | { screen: 'group'; groupId: string };

export function parseRoute(hash: string): Route {
  const group = /^#\/groups\/([^/]+)$/.exec(hash);
  if (group?.[1]) return { screen: 'group', groupId: decodeURIComponent(group[1]) };
  if (hash === '#/groups') return { screen: 'groups' };
  return { screen: 'my-groups' };
}

export function hrefOf(route: Route): string {
  switch (route.screen) {
    case 'my-groups':
      return '#/';
    case 'groups':
      return '#/groups';
    case 'group':
      return `#/groups/${encodeURIComponent(route.groupId)}`;
  }
}
