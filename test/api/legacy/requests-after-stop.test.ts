import { describe, expect, it } from 'vitest';
import SIP from '../../../src/index.js';
import { quiet, settle, startedUa, stop } from '../support/started-ua.js';

const NOT_RUNNING = 'the UA is not running (not started, or stopped): call start() first';

describe('message(), request() and invite() when the UA is not running', () => {
  it('throw the same clear error before start() and after stop(), and send nothing', async () => {
    const idle = new SIP.UA({ uri: 'alice@example.test', wsServers: 'ws://127.0.0.1:8080', autostart: false, log: quiet });
    expect(() => idle.message('bob@example.test', 'hi')).toThrow(NOT_RUNNING);
    expect(() => idle.request('OPTIONS', 'bob@example.test')).toThrow(NOT_RUNNING);
    expect(() => idle.invite('bob@example.test')).toThrow(NOT_RUNNING);

    const { ua, transport, clock } = startedUa();
    await settle();
    await stop(ua, clock);
    const sent = transport.sent.length;
    expect(() => ua.message('bob@example.test', 'hi')).toThrow(NOT_RUNNING);
    expect(() => ua.request('OPTIONS', 'bob@example.test')).toThrow(NOT_RUNNING);
    expect(() => ua.invite('bob@example.test')).toThrow(NOT_RUNNING);
    await settle();
    expect(transport.sent.length).toBe(sent);
  });

  it('throw as soon as stop() is called, while the un-REGISTER is still pending', async () => {
    const { ua, clock } = startedUa({ register: true });
    await settle();
    const stopping = stop(ua, clock);
    expect(() => ua.message('bob@example.test', 'hi')).toThrow(NOT_RUNNING);
    await stopping;
  });
});

describe('register() after stop()', () => {
  it('starts the UA again and sends a REGISTER on a new connection, as before the first start()', async () => {
    const { ua, transport, clock } = startedUa();
    await settle();
    await stop(ua, clock);
    expect(ua.isConnected()).toBe(false);
    const registers = () => transport.sent.filter((s) => s.text.startsWith('REGISTER ')).length;
    expect(registers()).toBe(0);
    ua.register();
    await settle();
    expect(ua.isConnected()).toBe(true);
    expect(registers()).toBe(1);
    expect(() => ua.message('bob@example.test', 'hi')).not.toThrow();
  });
});
