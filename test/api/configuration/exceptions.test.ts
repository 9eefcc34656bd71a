import { describe, expect, it } from 'vitest';
import {
  ConfigurationError,
  Exceptions,
  GetDescriptionError,
  InvalidStateError,
  NotSupportedError,
  RenegotiationError,
} from '../../../src/api/exceptions.js';

describe('SIP.Exceptions', () => {
  it('ConfigurationError carries the parameter and the value, with the legacy code, name and message', () => {
    const error = new Exceptions.ConfigurationError('registerExpires', -1);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.code).toBe(1);
    expect(error.name).toBe('CONFIGURATION_ERROR');
    expect(error.parameter).toBe('registerExpires');
    expect(error.value).toBe(-1);
    expect(error.message).toBe('Invalid value -1 for parameter "registerExpires"');
    expect(error.stack).toContain('CONFIGURATION_ERROR');
  });

  it('ConfigurationError without a value reads as a missing parameter; odd values still print', () => {
    expect(new ConfigurationError('uri').message).toBe('Missing parameter: uri');
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(new ConfigurationError('custom', cyclic).message).toBe('Invalid value [object Object] for parameter "custom"');
    expect(new ConfigurationError('mediaHandlerFactory', () => 1).message).toContain('for parameter "mediaHandlerFactory"');
  });

  it('InvalidStateError carries the status', () => {
    const error = new InvalidStateError(9);
    expect([error.code, error.name, error.status, error.message]).toEqual([2, 'INVALID_STATE_ERROR', 9, 'Invalid status: 9']);
    expect(error).toBeInstanceOf(Error);
  });

  it.each([
    [NotSupportedError, 3, 'NOT_SUPPORTED_ERROR'],
    [GetDescriptionError, 4, 'GET_DESCRIPTION_ERROR'],
    [RenegotiationError, 5, 'RENEGOTIATION_ERROR'],
  ] as const)('%o has the legacy code and name', (Type, code, name) => {
    const error = new Type('because');
    expect([error.code, error.name, error.message]).toEqual([code, name, 'because']);
    expect(error).toBeInstanceOf(Error);
  });
});
