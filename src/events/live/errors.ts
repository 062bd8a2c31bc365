/** Why a live update was refused or ended; src/schema/ turns these into GraphQL errors with the same code. */
export type LiveUpdateErrorCode =
  | 'UNAUTHENTICATED'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'SLOW_CONSUMER'
  | 'BAD_USER_INPUT'
  | 'SHUTTING_DOWN'
  | 'UPSTREAM_UNAVAILABLE';

export class LiveUpdateError extends Error {
  override readonly name = 'LiveUpdateError';
  constructor(
    readonly code: LiveUpdateErrorCode,
    message: string,
  ) {
    super(message);
  }
}
