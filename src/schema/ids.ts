import { badUserInput } from './errors.js';

/** Bitrix24 ids are positive integers that fit its INT(11) columns. */
const MAX_ID = 2_147_483_647;

/** An `ID` argument → a Bitrix24 id, or BAD_USER_INPUT before any upstream call. */
export function parseId(value: string | number, argument: string): number {
  const raw = String(value).trim();
  if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > MAX_ID) {
    throw badUserInput(`${argument} must be a positive integer id (1 to ${MAX_ID}); received ${JSON.stringify(String(value)).slice(0, 64)}`, argument);
  }
  return Number(raw);
}

export function parseIds(values: readonly (string | number)[], argument: string): number[] {
  return values.map((value) => parseId(value, argument));
}
