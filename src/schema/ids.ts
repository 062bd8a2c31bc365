import { badUserInput } from './errors.js';

/** Bitrix24 ids are positive integers that fit its INT(11) columns. */
const MAX_ID = 2_147_483_647;

/**
 * An `ID` argument → a Bitrix24 id, or BAD_USER_INPUT before any upstream call. One rule for every malformed id:
 * surrounding whitespace is refused like any other stray character, never trimmed.
 */
export function parseId(value: string | number, argument: string): number {
  const raw = String(value);
  if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > MAX_ID) {
    throw badUserInput(`${argument} must be a positive integer id (1 to ${MAX_ID}); received ${JSON.stringify(String(value)).slice(0, 64)}`, argument);
  }
  return Number(raw);
}

/** Ids one list argument may carry (`filter.ids`): each leaves upstream in the same call. */
export const MAX_IDS_PER_ARGUMENT = 500;

export function parseIds(values: readonly (string | number)[], argument: string): number[] {
  if (values.length > MAX_IDS_PER_ARGUMENT) {
    throw badUserInput(`${argument} accepts at most ${MAX_IDS_PER_ARGUMENT} ids; received ${values.length}`, argument);
  }
  return values.map((value) => parseId(value, argument));
}
