import type { CombinedError } from '@urql/core';
import type { Outcome } from './outcome.js';

/**
 * A failed query, for a person: an expired or unknown token says so (and that signing in again helps); a rate limit
 * says to wait; anything else shows the gateway's message, which never carries a stack trace or a token.
 */
export function describeQueryError(error: Pick<CombinedError, 'graphQLErrors' | 'networkError' | 'message'>): Outcome {
  const first = error.graphQLErrors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : undefined;
  if (code === 'UNAUTHENTICATED') {
    return { tone: 'refusal', heading: 'Signed out', detail: `${first?.message ?? ''} Sign in again with a valid token.`.trim() };
  }
  if (code === 'RATE_LIMITED') {
    return { tone: 'refusal', heading: 'Bitrix24 is busy', detail: first?.message ?? 'Try again in a moment.' };
  }
  if (first) return { tone: 'refusal', heading: 'The gateway answered with an error', detail: first.message };
  return { tone: 'refusal', heading: 'The gateway cannot be reached', detail: error.networkError?.message ?? error.message };
}
