import { describe, expect, it } from 'vitest';
import { parseConformanceArgs } from '../../conformance/runner/cli-options.js';

describe('npm run conformance: the command line', () => {
  it('defaults: no target chosen yet, sipforge alone, everything selected', () => {
    expect(parseConformanceArgs([])).toEqual({
      target: undefined,
      server: undefined,
      config: undefined,
      only: [],
      list: false,
      verbose: false,
      uas: ['sipforge'],
      reportDir: undefined,
      help: false,
    });
  });

  it('reads every flag; --only and --ua take lists, repeated or comma-separated', () => {
    const options = parseConformanceArgs(['--target', 'asterisk', '--server', 'ws://pbx.example:8088/ws', '--config', 'my.json', '--only', 'register-digest,calls-in', '--only', 'message', '--verbose', '--list', '--ua', 'sipforge', '--ua', 'sip.js-0.7.8', '--report', '/tmp/r']);
    expect(options).toMatchObject({
      target: 'asterisk',
      server: 'ws://pbx.example:8088/ws',
      config: 'my.json',
      only: ['register-digest', 'calls-in', 'message'],
      verbose: true,
      list: true,
      uas: ['sipforge', 'sip.js-0.7.8'],
      reportDir: '/tmp/r',
    });
  });

  it('--ua all is every UA of the catalogue, sipforge first', () => {
    expect(parseConformanceArgs(['--ua', 'all']).uas).toEqual(['sipforge', 'sip.js-0.7.8']);
  });

  it.each([
    [['--target', 'freeswitch'], /--target must be one of kamailio, asterisk/],
    [['--server', 'http://pbx:8088/ws'], /ws:\/\/ or wss:\/\//],
    [['--server', 'not a url'], /WebSocket URL/],
    [['--config', 'c.json'], /--config describes a running server/],
    [['--ua', 'jssip'], /--ua must be one of/],
    [['--bogus'], /Unknown option/],
    [['kamailio'], /unexpected argument kamailio/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseConformanceArgs(argv)).toThrow(message);
  });
});
