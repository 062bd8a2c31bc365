/** The per-request cache of Group.membershipRequests' gate facts read ahead with a page: found, missed, failed, forgotten. */
import { describe, expect, it } from 'vitest';
import type { GroupGateFacts } from '../../../src/bitrix24/index.js';
import { createLoaders } from '../../../src/workgroups/index.js';

const facts = (groupId: number): GroupGateFacts => ({
  groupId, relation: 'MODERATOR', initiatePerms: 'MODERATOR', ownerId: 2, scrumMasterId: null, isActive: true, isVisible: true, isOpen: false, isArchived: false,
});

/** The cache never needs the session: a request without a token builds its loaders like any other. */
const noSession = () => {
  throw new Error('the gate-facts cache must not ask for a session');
};

describe('loaders.gateFacts', () => {
  it('finds a group in any page remembered so far, and misses one no page returned', async () => {
    const { gateFacts } = createLoaders(noSession);
    gateFacts.remember(Promise.resolve([facts(5), facts(6)]));
    gateFacts.remember(Promise.resolve([facts(7)]));
    expect(await gateFacts.find(6)).toEqual(facts(6));
    expect(await gateFacts.find(7)).toEqual(facts(7));
    expect(await gateFacts.find(8)).toBeUndefined();
  });

  it('treats a failed read as no answer (the caller falls back), never as an error', async () => {
    const { gateFacts } = createLoaders(noSession);
    gateFacts.remember(Promise.reject(new Error('workgroup.list failed')));
    gateFacts.remember(Promise.resolve([facts(5)]));
    expect(await gateFacts.find(5)).toEqual(facts(5));
    expect(await gateFacts.find(6)).toBeUndefined();
  });

  it('forgets a group after a write to it (afterWrite), keeping the others', async () => {
    const loaders = createLoaders(noSession);
    loaders.gateFacts.remember(Promise.resolve([facts(5), facts(6)]));
    loaders.afterWrite(5, {});
    expect(await loaders.gateFacts.find(5)).toBeUndefined();
    expect(await loaders.gateFacts.find(6)).toEqual(facts(6));
  });

  it('is one cache per set of loaders: nothing crosses to another request', async () => {
    const first = createLoaders(noSession);
    first.gateFacts.remember(Promise.resolve([facts(5)]));
    expect(await createLoaders(noSession).gateFacts.find(5)).toBeUndefined();
  });
});
