import { describe, expect, it } from 'vitest';
import { eventsToBind, parseBindArgs } from '../../../src/events/bind-plan.js';

const HANDLER = 'https://gw.example.com/bitrix24/events';

describe('parseBindArgs', () => {
  it('reads --token, --handler, --portal in both spellings', () => {
    expect(parseBindArgs(['--token', 't', `--handler=${HANDLER}`, '--portal', 'https://p.bitrix24.com'])).toEqual({
      token: 't',
      handler: HANDLER,
      portal: 'https://p.bitrix24.com',
      offline: false,
    });
    expect(parseBindArgs(['--offline', '--token=t'])).toEqual({ token: 't', handler: undefined, portal: undefined, offline: true });
  });
  it.each([
    [[`--handler=${HANDLER}`], '--token is required'],
    [['--token', 't'], 'exactly one of --handler or --offline'],
    [['--token', 't', '--offline', `--handler=${HANDLER}`], 'exactly one of --handler or --offline'],
    [['--token', 't', '--handler', 'http://localhost:4000/bitrix24/events'], "host contains a dot (Bitrix24's rule)"],
    [['--token'], '--token needs a value'],
    [['--token', 't', 'secret-value'], 'unknown argument "(a value)"'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseBindArgs(argv)).toThrow(message);
  });
  it('never echoes the token in an error', () => {
    expect(() => parseBindArgs(['--token', 'hunter2'])).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });
});

describe('eventsToBind', () => {
  it.each([
    ['nothing bound', [], { handler: HANDLER, offline: false }, ['ONSONETGROUPADD', 'ONSONETGROUPUPDATE', 'ONSONETGROUPDELETE']],
    [
      'update already bound to this handler',
      [{ event: 'ONSONETGROUPUPDATE', handler: HANDLER, offline: 0 }],
      { handler: HANDLER, offline: false },
      ['ONSONETGROUPADD', 'ONSONETGROUPDELETE'],
    ],
    [
      'bound to another handler does not count',
      [{ event: 'ONSONETGROUPUPDATE', handler: 'https://old.example.com/x', offline: 0 }],
      { handler: HANDLER, offline: false },
      ['ONSONETGROUPADD', 'ONSONETGROUPUPDATE', 'ONSONETGROUPDELETE'],
    ],
    [
      'offline rows count for --offline only',
      [{ event: 'ONSONETGROUPADD', connector_id: '', offline: 1 }],
      { handler: undefined, offline: true },
      ['ONSONETGROUPUPDATE', 'ONSONETGROUPDELETE'],
    ],
  ])('%s', (_t, rows, args, expected) => {
    expect(eventsToBind(rows, args)).toEqual(expected);
  });
});
