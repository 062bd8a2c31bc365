import qs from 'qs';
import { describe, expect, it } from 'vitest';
import { encodeBatchCommand } from '../../src/bitrix24/encode.js';

/** Splits `method?query` the way Bitrix24's parse_url does. */
function split(command: string): { method: string; query: string } {
  const at = command.indexOf('?');
  return at === -1 ? { method: command, query: '' } : { method: command.slice(0, at), query: command.slice(at + 1) };
}

/** Flat key → value pairs as PHP sees them before nesting (URLSearchParams decodes like parse_str, `+` as space). */
function rawPairs(query: string): [string, string][] {
  return [...new URLSearchParams(query).entries()];
}

describe('encodeBatchCommand', () => {
  it('returns the bare method when there are no params', () => {
    expect(encodeBatchCommand('user.current', {})).toBe('user.current');
  });

  it('skips undefined params, leaving the bare method', () => {
    expect(encodeBatchCommand('user.current', { FILTER: undefined })).toBe('user.current');
  });

  it('encodes a nested FILTER with operator-prefixed keys and an ID array', () => {
    const params = {
      FILTER: { '%NAME': 'Pro', '>=DATE_CREATE': '2026-01-01T00:00:00+00:00', '<=DATE_CREATE': '2026-02-01T00:00:00+00:00', ID: [5, 7] },
      ORDER: { NAME: 'ASC', ID: 'ASC' },
      start: 50,
    };
    const command = encodeBatchCommand('sonet_group.get', params);
    const { method, query } = split(command);
    expect(method).toBe('sonet_group.get');
    expect(rawPairs(query)).toEqual([
      ['FILTER[%NAME]', 'Pro'],
      ['FILTER[>=DATE_CREATE]', '2026-01-01T00:00:00+00:00'],
      ['FILTER[<=DATE_CREATE]', '2026-02-01T00:00:00+00:00'],
      ['FILTER[ID][0]', '5'],
      ['FILTER[ID][1]', '7'],
      ['ORDER[NAME]', 'ASC'],
      ['ORDER[ID]', 'ASC'],
      ['start', '50'],
    ]);
    expect(qs.parse(query, { depth: 10 })).toEqual({
      FILTER: { '%NAME': 'Pro', '>=DATE_CREATE': '2026-01-01T00:00:00+00:00', '<=DATE_CREATE': '2026-02-01T00:00:00+00:00', ID: ['5', '7'] },
      ORDER: { NAME: 'ASC', ID: 'ASC' },
      start: '50',
    });
  });

  it('percent-encodes the % of an operator key so it does not start an escape', () => {
    const { query } = split(encodeBatchCommand('sonet_group.get', { FILTER: { '%NAME': 'a' } }));
    expect(query).not.toMatch(/%(?![0-9A-F]{2})/);
    expect(query).toContain('%25NAME');
  });

  it.each([
    ['ampersand', 'R&D'],
    ['equals', 'a=b'],
    ['question mark', 'why?'],
    ['hash', '#team'],
    ['plus', '1+1'],
    ['spaces', 'Sales team  east'],
    ['percent', '100%'],
    ['brackets', 'x[0]=y'],
    ['unicode', 'Проект «Альфа» 🚀'],
    ['slashes and quotes', `a/b\\c "d" 'e'`],
    ['newline', 'line1\nline2'],
  ])('round-trips a value with %s', (_name, value) => {
    const command = encodeBatchCommand('sonet_group.get', { FILTER: { '%NAME': value }, ORDER: { ID: 'DESC' } });
    const { method, query } = split(command);
    expect(method).toBe('sonet_group.get');
    // The raw query must keep the value inside one pair: no bare &, =, #, + or space.
    expect(query).not.toMatch(/[#+ ?]/);
    expect(query.split('&')).toHaveLength(2);
    expect(rawPairs(query)).toEqual([
      ['FILTER[%NAME]', value],
      ['ORDER[ID]', 'DESC'],
    ]);
    expect(qs.parse(query)).toEqual({ FILTER: { '%NAME': value }, ORDER: { ID: 'DESC' } });
  });

  it('encodes a top-level array with indices', () => {
    const { query } = split(encodeBatchCommand('user.get', { ID: [1, 2, 3] }));
    expect(rawPairs(query)).toEqual([
      ['ID[0]', '1'],
      ['ID[1]', '2'],
      ['ID[2]', '3'],
    ]);
  });

  it('encodes scalar params of each type', () => {
    const { query } = split(encodeBatchCommand('sonet_group.user.add', { GROUP_ID: 77, USER_ID: '5', FLAG: true, EMPTY: '' }));
    expect(rawPairs(query)).toEqual([
      ['GROUP_ID', '77'],
      ['USER_ID', '5'],
      ['FLAG', 'true'],
      ['EMPTY', ''],
    ]);
  });

  it('encodes a null as an explicit empty value, not as a missing key', () => {
    const { query } = split(encodeBatchCommand('m', { A: null }));
    expect(rawPairs(query)).toEqual([['A', '']]);
  });

  it('keeps keys with special characters as one key', () => {
    const { query } = split(encodeBatchCommand('m', { FILTER: { '!=ID': 3, 'a&b': 'c' } }));
    expect(rawPairs(query)).toEqual([
      ['FILTER[!=ID]', '3'],
      ['FILTER[a&b]', 'c'],
    ]);
  });
});
