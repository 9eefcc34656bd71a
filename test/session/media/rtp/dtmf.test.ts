import { describe, expect, it } from 'vitest';
import { DtmfReceiver } from '../../../../src/session/media/rtp/dtmf-receiver.js';
import { DtmfSender } from '../../../../src/session/media/rtp/dtmf-sender.js';
import { dtmfEvent, writeTelephoneEvent } from '../../../../src/session/media/rtp/telephone-event.js';

function event(code: number, end: boolean, duration: number): Buffer {
  const payload = Buffer.alloc(4);
  writeTelephoneEvent(payload, 0, { event: code, end, volume: 10, duration });
  return payload;
}

describe('RFC 4733 telephone-events', () => {
  it('maps the DTMF tones to event codes 0–15 (RFC 4733 §3.2)', () => {
    expect([...'0123456789*#ABCD'].map(dtmfEvent)).toEqual([...Array(16).keys()]);
    expect(dtmfEvent('a')).toBe(12);
    expect(() => dtmfEvent('E')).toThrow(RangeError);
  });

  it('writes the payload: event, E bit and volume, duration (RFC 4733 §2.3)', () => {
    expect(event(11, true, 800).toString('hex')).toBe('0b8a0320');
    expect(event(1, false, 160).toString('hex')).toBe('010a00a0');
  });

  it('sends a digit as packets 20 ms apart: marker on the first, growing duration, end three times, then the gap', () => {
    const sender = new DtmfSender();
    sender.enqueue('5', 100, 100);
    const ticks: Array<string | undefined> = [];
    for (let i = 0; i < 12; i++) {
      const p = sender.tick(1000 + i * 160);
      ticks.push(p && `${p.timestamp} ${p.marker ? 'M' : '-'} ${p.event.event} ${p.event.end ? 'E' : '-'} ${p.event.duration}`);
    }
    expect(ticks).toEqual([
      '1000 M 5 - 160',
      '1000 - 5 - 320',
      '1000 - 5 - 480',
      '1000 - 5 - 640',
      '1000 - 5 E 800',
      '1000 - 5 E 800',
      '1000 - 5 E 800',
      undefined, // 100 ms gap: the two retransmissions and three frames of audio
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(sender.busy).toBe(false);
  });

  it('starts the next digit after the inter-tone gap, with a new timestamp', () => {
    const sender = new DtmfSender();
    sender.enqueue('12', 40, 60);
    const starts: number[] = [];
    for (let i = 0; i < 12; i++) {
      const p = sender.tick(i * 160);
      if (p?.marker) starts.push(i);
      if (p !== undefined) expect(p.timestamp).toBe(starts.at(-1)! * 160);
    }
    // 2 ticks of tone + 3 ticks of gap (two of them the end retransmissions) per digit.
    expect(starts).toEqual([0, 5]);
  });

  it('reports a received event once, at its first end packet, with its duration in ms', () => {
    const tones: Array<[string, number]> = [];
    const receiver = new DtmfReceiver((tone, duration) => tones.push([tone, duration]));
    receiver.packet(1000, event(1, false, 160), 0);
    receiver.packet(1000, event(1, false, 320), 20);
    receiver.packet(1000, event(1, true, 800), 40);
    receiver.packet(1000, event(1, true, 800), 60);
    receiver.packet(1000, event(1, true, 800), 80);
    receiver.packet(3000, event(11, true, 400), 100);
    receiver.packet(3000, event(11, true, 400), 120);
    expect(tones).toEqual([['1', 100], ['#', 50]]);
  });

  it('reports an event whose end packets were all lost when the next begins, or after a silence', () => {
    const tones: string[] = [];
    const receiver = new DtmfReceiver((tone) => tones.push(tone));
    receiver.packet(1000, event(2, false, 160), 0);
    receiver.packet(2000, event(3, false, 160), 100);
    expect(tones).toEqual(['2']);
    receiver.tick(300);
    expect(tones).toEqual(['2']);
    receiver.tick(350);
    expect(tones).toEqual(['2', '3']);
    receiver.packet(2000, event(3, true, 320), 360); // its late end: already reported
    expect(tones).toEqual(['2', '3']);
  });

  it('ignores events that are not DTMF digits and payloads too short', () => {
    const tones: string[] = [];
    const receiver = new DtmfReceiver((tone) => tones.push(tone));
    receiver.packet(1, event(16, true, 160), 0);
    receiver.packet(2, Buffer.from([1, 0x80]), 0);
    expect(tones).toEqual([]);
  });
});
