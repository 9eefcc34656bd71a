import { describe, expect, it } from 'vitest';
import { normalizeConfiguration, supportedOptionTags } from '../../../src/api/configuration/index.js';

describe('supportedOptionTags (legacy Supported header)', () => {
  it('sends path and gruu on REGISTER, outbound always', () => {
    const conf = normalizeConfiguration();
    expect(supportedOptionTags(conf, 'REGISTER')).toEqual(['path', 'gruu', 'outbound']);
    expect(supportedOptionTags(conf, 'INVITE')).toEqual(['timer', 'outbound']);
    expect(supportedOptionTags(conf, 'INVITE', true)).toEqual(['gruu', 'timer', 'outbound']);
  });

  it('says timer (RFC 4028) unless sessionTimers is off', () => {
    expect(supportedOptionTags(normalizeConfiguration({ sessionTimers: false }), 'INVITE')).toEqual(['outbound']);
    expect(supportedOptionTags(normalizeConfiguration({ session_timers: false }), 'MESSAGE')).toEqual(['outbound']);
  });

  it('adds 100rel and replaces when supported (not when required), then extraSupported, de-duplicated', () => {
    const conf = normalizeConfiguration({ rel100: 'supported', replaces: 'supported', extraSupported: ['timer', 'outbound', 'x-custom'] });
    expect(supportedOptionTags(conf, 'INVITE')).toEqual(['100rel', 'replaces', 'timer', 'outbound']);
    expect(supportedOptionTags(normalizeConfiguration({ rel100: 'required', sessionTimers: false }), 'INVITE')).toEqual(['outbound']);
  });

  it('lets unregistered tags through with hackAllowUnregisteredOptionTags', () => {
    const conf = normalizeConfiguration({ extraSupported: ['x-custom'], hackAllowUnregisteredOptionTags: true });
    expect(supportedOptionTags(conf, 'MESSAGE')).toEqual(['timer', 'outbound', 'x-custom']);
  });
});

describe('session timer options (RFC 4028)', () => {
  it('defaults: on, refresh by UPDATE, Min-SE 90; snake_case aliases as JsSIP spells them', () => {
    const conf = normalizeConfiguration();
    expect([conf.sessionTimers, conf.sessionTimersRefreshMethod, conf.minSessionExpires]).toEqual([true, 'UPDATE', 90]);
    const jssip = normalizeConfiguration({ session_timers: false, session_timers_refresh_method: 'INVITE', min_session_expires: 120 });
    expect([jssip.sessionTimers, jssip.sessionTimersRefreshMethod, jssip.minSessionExpires]).toEqual([false, 'INVITE', 120]);
  });

  it('refuses a refresh method other than UPDATE or INVITE, and a Min-SE below 90 s (RFC 4028 §5)', () => {
    expect(() => normalizeConfiguration({ sessionTimersRefreshMethod: 'BYE' as 'UPDATE' })).toThrow(/sessionTimersRefreshMethod/);
    expect(() => normalizeConfiguration({ minSessionExpires: 60 })).toThrow(/minSessionExpires/);
  });
});
