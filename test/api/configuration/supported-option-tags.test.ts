import { describe, expect, it } from 'vitest';
import { normalizeConfiguration, supportedOptionTags } from '../../../src/api/configuration/index.js';

describe('supportedOptionTags (legacy Supported header)', () => {
  it('sends path and gruu on REGISTER, outbound always', () => {
    const conf = normalizeConfiguration();
    expect(supportedOptionTags(conf, 'REGISTER')).toEqual(['path', 'gruu', 'outbound']);
    expect(supportedOptionTags(conf, 'INVITE')).toEqual(['outbound']);
    expect(supportedOptionTags(conf, 'INVITE', true)).toEqual(['gruu', 'outbound']);
  });

  it('adds 100rel and replaces when supported (not when required), then extraSupported, de-duplicated', () => {
    const conf = normalizeConfiguration({ rel100: 'supported', replaces: 'supported', extraSupported: ['timer', 'outbound', 'x-custom'] });
    expect(supportedOptionTags(conf, 'INVITE')).toEqual(['100rel', 'replaces', 'outbound', 'timer']);
    expect(supportedOptionTags(normalizeConfiguration({ rel100: 'required' }), 'INVITE')).toEqual(['outbound']);
  });

  it('lets unregistered tags through with hackAllowUnregisteredOptionTags', () => {
    const conf = normalizeConfiguration({ extraSupported: ['x-custom'], hackAllowUnregisteredOptionTags: true });
    expect(supportedOptionTags(conf, 'MESSAGE')).toEqual(['outbound', 'x-custom']);
  });
});
