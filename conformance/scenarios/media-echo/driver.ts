import type { Readable, Writable } from 'node:stream';
import type { DriverContext } from '../../runner/driver-api.js';
import { rms, tone, toneShare } from '../shared/audio.js';
import { hangUp, registeredUa } from '../shared/steps.js';

interface NodeMedia {
  audioInput: Writable;
  audioOutput: Readable;
  statistics: { packetsSent: number; packetsReceived: number };
}

export default async function mediaEcho(ctx: DriverContext): Promise<void> {
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(`sip:${ctx.target.extensions.echo}@${ctx.target.domain}`, ctx.media.invite()) as ReturnType<typeof ua.invite> & { mediaHandler?: NodeMedia };
  await ctx.event(call, 'accepted', 15_000);
  const media = call.mediaHandler!;
  const received: Buffer[] = [];
  media.audioOutput.on('data', (chunk: Buffer) => received.push(chunk));
  await ctx.sleep(500);
  media.audioInput.write(tone(1000, 2));
  await ctx.sleep(3000);
  const audio = Buffer.concat(received);
  ctx.check('RTP came back', media.statistics.packetsReceived > 50, 'more than 50 packets', String(media.statistics.packetsReceived));
  ctx.check('the audio heard is not silence', rms(audio) > 500, 'RMS above 500', rms(audio).toFixed(0));
  ctx.check('… and is mostly our 1 kHz tone', toneShare(audio, 1000) > 0.3, 'over 30 % of the power at 1 kHz', `${(toneShare(audio, 1000) * 100).toFixed(0)} %`);
  await hangUp(ctx, call);
}
