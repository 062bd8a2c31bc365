/**
 * The D7 controller surface over REST (`socialnetwork.api.*`): argument binding and errors.
 *
 * An action's errors become `RestException(message, code)`: HTTP 400 with `error` = the D7 error code. Helper
 * exceptions (`Bitrix\Main\ArgumentException`, `AccessDeniedException`, `ObjectNotFoundException`) are caught by
 * Main's controller and become errors with the exception's code. The references leave that code open ("depends on
 * the exception's code"); the sandbox uses the codes Main gives those classes (100, 403, 510), as strings, because
 * the REST server prints the error code as given and the project's clients read `error` as a string.
 * The English texts are those of the socialnetwork module's language file for the helper
 * (`lang/en/lib/helper/workgroup.php`), the same ones the references quote for `sonet_group.setowner`.
 */
import { RestError } from '../envelope.js';
import { isPlainObject, phpIntval } from '../php-query.js';

export const D7_CODE = {
  argument: '100',
  accessDenied: '403',
  notFound: '510',
} as const;

export const D7_TEXT = {
  wrongGroupId: 'Invalid workgroup/project ID',
  wrongUserId: 'Invalid user ID',
  noPermissions: 'Insufficient permissions to complete the operation.',
  operationFailed: 'Cannot complete operation.',
  relationNotFound: 'Record not found',
} as const;

/** Errors the usertogroup controller adds itself (codes and texts from the controller source). */
export const USERTOGROUP_ERROR = {
  noGroup: { code: 'SONET_CONTROLLER_USERTOGROUP_NO_GROUP', text: 'No Workgroup' },
  noPermissions: { code: 'SONET_CONTROLLER_USERTOGROUP_NO_PERMISSIONS', text: 'No permissions' },
} as const;

/**
 * The core's own error when a user answers an invitation they do not have (`ERROR_NO_GROUP_REQUEST`, text
 * SONET_NO_USER2GROUP of the module's language file). It reaches the wire through the REST server's
 * application-exception override.
 */
export const NO_GROUP_REQUEST = { code: 'ERROR_NO_GROUP_REQUEST', text: 'Record was not found.' } as const;

export function d7Error(code: string, text: string): RestError {
  return new RestError(code, text, 400);
}

export const argumentError = (text: string): RestError => d7Error(D7_CODE.argument, text);
export const accessDenied = (): RestError => d7Error(D7_CODE.accessDenied, D7_TEXT.noPermissions);
export const relationNotFound = (): RestError => d7Error(D7_CODE.notFound, D7_TEXT.relationNotFound);

/**
 * An `int $name` action argument, bound by name from the request (names are case-sensitive camelCase).
 * The references do not give Main's binder error for a missing argument; the sandbox binds a missing or
 * non-numeric value as PHP's `(int)` would (0), so the action's own check answers (e.g. "Invalid user ID").
 */
export function intArg(params: Record<string, unknown>, name: string): number {
  return phpIntval(params[name]);
}

/** The `array $params` wrapper of `join`/`leave`: anything but an object is an empty array. */
export function paramsArg(params: Record<string, unknown>): Record<string, unknown> {
  const p = params.params;
  return isPlainObject(p) ? p : {};
}
