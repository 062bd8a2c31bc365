import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { MAX_IDS_PER_ARGUMENT, parseId, parseIds } from '../../src/schema/ids.js';

function refusal(fn: () => unknown): GraphQLError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphQLError);
    return error as GraphQLError;
  }
  throw new Error('expected a GraphQLError');
}

describe('parseId', () => {
  it.each<[string | number, number]>([
    ['1', 1],
    [1, 1],
    ['77', 77],
    [77, 77],
    ['1000000000', 1_000_000_000],
    ['2147483647', 2_147_483_647],
    [2_147_483_647, 2_147_483_647],
  ])('accepts %j → %i', (value, expected) => {
    expect(parseId(value, 'groupId')).toBe(expected);
  });

  it.each<[string | number]>([
    ['0'],
    [0],
    ['-1'],
    [-1],
    ['01'],
    ['007'],
    ['1.0'],
    [1.5],
    ['1e3'],
    [1e21],
    ['0x10'],
    ['+5'],
    ['1_000'],
    ['1 2'],
    [''],
    ['   '],
    [' 42 '],
    ['42 '],
    ['\t9\n'],
    ['abc'],
    ['12abc'],
    ['2147483648'],
    [2_147_483_648],
    ['99999999999'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    ['١٢'],
    ['１２'],
    ['null'],
  ])('refuses %j', (value) => {
    const error = refusal(() => parseId(value, 'groupId'));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'groupId' });
    expect(error.message).toContain('groupId');
  });

  it('names the argument and quotes the received value', () => {
    const error = refusal(() => parseId('abc', 'userId'));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'userId' });
    expect(error.message).toBe('userId must be a positive integer id (1 to 2147483647); received "abc"');
  });

  it('truncates a long received value', () => {
    const error = refusal(() => parseId('x'.repeat(1000), 'groupId'));
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).not.toContain('x'.repeat(100));
  });
});

describe('parseIds', () => {
  it('parses every value in order', () => {
    expect(parseIds(['3', 1, '2'], 'ids')).toEqual([3, 1, 2]);
    expect(parseIds([], 'ids')).toEqual([]);
  });

  it('refuses the whole list on one bad value', () => {
    const error = refusal(() => parseIds(['1', 'x', '3'], 'ids'));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'ids' });
  });

  it(`accepts ${MAX_IDS_PER_ARGUMENT} ids and refuses one more, naming the cap`, () => {
    const ids = Array.from({ length: MAX_IDS_PER_ARGUMENT + 1 }, (_, index) => index + 1);
    expect(parseIds(ids.slice(0, -1), 'filter.ids')).toHaveLength(MAX_IDS_PER_ARGUMENT);
    const error = refusal(() => parseIds(ids, 'filter.ids'));
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'filter.ids' });
    expect(error.message).toBe(`filter.ids accepts at most ${MAX_IDS_PER_ARGUMENT} ids; received ${MAX_IDS_PER_ARGUMENT + 1}`);
  });
});
