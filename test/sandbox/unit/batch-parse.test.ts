import { describe, expect, it } from 'vitest';
import { phpMap, readBatchParams, runBatch, substituteReferences } from '../../../src/sandbox/batch.js';

describe('batch helpers', () => {
  it('phpMap: array when keys are exactly 0..n-1 in order, object otherwise, [] when empty', () => {
    expect(phpMap([])).toEqual([]);
    expect(phpMap([['0', 'a'], ['1', 'b']])).toEqual(['a', 'b']);
    expect(phpMap([['1', 'b']])).toEqual({ '1': 'b' });
    expect(phpMap([['x', 1]])).toEqual({ x: 1 });
  });

  it('reads cmd/halt case-insensitively and splits method?query', () => {
    const r = readBatchParams({ CMD: { a: 'user.get?ID=1', b: 'USER.CURRENT', c: 5 }, HALT: 'false' });
    expect(r.halt).toBe(true); // PHP (bool)"false" is true
    expect(r.commands).toEqual([
      { key: 'a', method: 'user.get', query: 'ID=1' },
      { key: 'b', method: 'USER.CURRENT', query: '' },
      { key: 'c' },
    ]);
    expect(readBatchParams({ cmd: ['x'], halt: '0' }).halt).toBe(false);
  });

  it('substitutes whole and embedded references; a missing segment stops the walk', () => {
    const maps = {
      result: new Map<string, unknown>([['list', [{ ID: '7', N: 3 }]], ['one', 'txt']]),
      next: new Map<string, unknown>([['list', 50]]),
      total: new Map<string, unknown>(),
      time: new Map<string, unknown>(),
      error: new Map<string, unknown>(),
    };
    expect(substituteReferences('$result[list][0][ID]', maps)).toBe('7');
    expect(substituteReferences('$result[list][0][N]', maps)).toBe(3);
    expect(substituteReferences('$next[list]', maps)).toBe(50);
    expect(substituteReferences('id-$result[list][0][ID]-x', maps)).toBe('id-7-x');
    expect(substituteReferences('n-$result[list][0][N]', maps)).toBe('n-$result[list][0][N]');
    expect(substituteReferences('$result[list][0][MISSING]', maps)).toEqual({ ID: '7', N: 3 });
    expect(substituteReferences({ F: ['$result[one]'] }, maps)).toEqual({ F: ['txt'] });
  });

  it('runBatch: 50 max, halt stops after the first error', () => {
    const cmd = Array.from({ length: 52 }, (_, i) => (i === 1 ? 'bad' : 'ok'));
    const calls: string[] = [];
    const run = (m: string) => {
      calls.push(m);
      return m === 'bad'
        ? ({ ok: false, error: { error: 'E', error_description: 'd' } } as const)
        : ({ ok: true, result: 1, time: {} } as const);
    };
    const out = runBatch({ cmd }, run) as Record<string, unknown>;
    expect(calls).toHaveLength(50);
    const errors = out.result_error as Record<string, { error: string }>;
    expect(Object.keys(errors)).toEqual(['1', '50', '51']);
    expect(errors['50']?.error).toBe('ERROR_BATCH_LENGTH_EXCEEDED');
    calls.length = 0;
    const halted = runBatch({ cmd, halt: 1 }, run) as Record<string, unknown>;
    expect(calls).toEqual(['ok', 'bad']);
    expect(halted.result).toEqual([1]);
  });
});
