import { describe, expect, it } from 'vitest';
import { ApiLogger } from '../../src/api/api-logger.js';
import { normalizeConfiguration } from '../../src/api/configuration/index.js';

describe('ApiLogger.of: one logger for the UAs of one log setting', () => {
  it('shares the logger and its category views between frozen settings, and writes as each UA would', () => {
    const lines: string[] = [];
    const log = normalizeConfiguration({ log: { builtinEnabled: false, level: 'warn', connector: (level, category, _label, text) => void lines.push(`${level} ${category} ${text}`) } }).log;
    const first = ApiLogger.of(log, undefined);
    expect(ApiLogger.of(log, undefined)).toBe(first);
    expect(first.forCategory('core')).toBe(first.forCategory('core'));
    expect(first.forCategory('core')).not.toBe(first.forCategory('sender'));
    first.forCategory('core').warn!('no ACK');
    first.forCategory('sender').debug!('not written at warn');
    expect(lines).toEqual(['warn sip.core no ACK']);
  });

  it('gives a logger of its own to a UA with a logger option, and to settings that are not frozen', () => {
    const log = normalizeConfiguration({}).log;
    const logger = { error() {}, warn() {}, log() {}, debug() {} };
    expect(ApiLogger.of(log, logger)).not.toBe(ApiLogger.of(log, logger));
    const open = { builtinEnabled: false, level: 2 as const, connector: null };
    expect(ApiLogger.of(open, undefined)).not.toBe(ApiLogger.of(open, undefined));
  });
});
