/**
 * The upstream call of `group(id:)` as the gateway sends it: the floor servers of bench/lib/overhead-server.ts send it,
 * and bench/overhead.ts sends it to the sandbox directly and checks that every server sent the same. A module of its
 * own: overhead-server.ts starts a server when it is loaded, so the parent cannot import from it.
 */
export const FLOOR_UPSTREAM_METHOD = 'sonet_group.get';
export const floorUpstreamParams = (id: string): Record<string, unknown> => ({ FILTER: { ID: [Number(id)] } });
