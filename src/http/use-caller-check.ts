/**
 * Refuse the whole operation before any resolver runs:
 * - a portal header that is not on the allowlist: FORBIDDEN (403), whatever the operation;
 * - no token: UNAUTHENTICATED (401, `WWW-Authenticate: Bearer`, RFC 6750), unless the operation only reads
 *   introspection or `_service`. Without this, each field would fail on its own with HTTP 200.
 * The same check runs on every operation, queries and mutations (onExecute) and subscriptions (onSubscribe).
 */
import { GraphQLError, type DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../schema/context.js';
import { ErrorCode } from '../schema/errors.js';
import { rootFieldNames, selectedOperation } from './operation.js';

/** Root fields a caller without a token may still use: introspection and federation's SDL. */
const ANONYMOUS_ROOT_FIELDS = new Set(['__schema', '__type', '__typename', '_service']);

function refusal(message: string, code: string, status: number, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra, http: { status, headers } } });
}

/** Why this operation may not run for this caller, or undefined when it may. */
export function callerRefusal(context: GatewayContext, document: DocumentNode, operationName: string | null | undefined): GraphQLError | undefined {
  if (context.portalRefusal) return refusal(context.portalRefusal, ErrorCode.forbidden, 403, { reason: 'PORTAL_NOT_ALLOWED' });
  if (context.token !== null) return undefined;
  const operation = selectedOperation(document, operationName);
  if (!operation) return undefined;
  if (rootFieldNames(operation.selectionSet, document).every((name) => ANONYMOUS_ROOT_FIELDS.has(name))) return undefined;
  return refusal(
    'Send the Bitrix24 access token of the user as "Authorization: Bearer <token>".',
    ErrorCode.unauthenticated,
    401,
    { reason: 'TOKEN_MISSING' },
    { 'WWW-Authenticate': 'Bearer realm="bitrix24-graphql"' },
  );
}

export function useCallerCheck(): Plugin<GatewayContext> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = callerRefusal(args.contextValue, args.document, args.operationName);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = callerRefusal(args.contextValue, args.document, args.operationName);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
