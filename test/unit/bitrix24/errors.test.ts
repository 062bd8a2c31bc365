import { describe, expect, it } from 'vitest';
import { Bitrix24Error, REDACTED_TOKEN, withoutToken } from '../../../src/bitrix24/errors.js';

const TOKEN = 'tok-5c1f-abcdef';
const error = (description: string) =>
  new Bitrix24Error({ kind: 'api', code: 'ERROR_CUSTOM', description, method: 'sonet_group.get', httpStatus: 400, operatingResetAt: 1_700_000_000 });

describe('withoutToken', () => {
  it.each([
    ['an echo of the request', `bad request auth=${TOKEN}&x=1`, `bad request auth=${REDACTED_TOKEN}&x=1`],
    ['the token twice', `${TOKEN} / ${TOKEN}`, `${REDACTED_TOKEN} / ${REDACTED_TOKEN}`],
  ])('replaces the token in the description and the message: %s', (_name, description, expected) => {
    const redacted = withoutToken(error(description), TOKEN);
    expect(redacted.description).toBe(expected);
    expect(redacted.message).toBe(`Bitrix24 sonet_group.get: ERROR_CUSTOM: ${expected}`);
    expect(redacted.toJSON()).toEqual({ ...error(description).toJSON(), description: expected });
  });

  it('hands back the same error when the description does not hold the token', () => {
    const clean = error('Group not found');
    expect(withoutToken(clean, TOKEN)).toBe(clean);
  });

  it('leaves descriptions alone for tokens too short to be credentials (replacing them would garble text)', () => {
    const short = error('abc abc');
    expect(withoutToken(short, 'abc')).toBe(short);
  });
});
