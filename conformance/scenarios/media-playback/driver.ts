import type { Readable } from 'node:stream';
import type { DriverContext } from '../../runner/driver-api.js';
import { rms } from '../shared/audio.js';
import { hangUp, registeredUa } from '../shared/steps.js';

export default async function mediaPlayback(ctx: DriverContext): Promise<void> {
  const ua = await registeredUa(ctx, 'alice');
  const call = ua.invite(`sip:${ctx.target.extensions.playback}@${ctx.target.domain}`, ctx.media.invite()) as ReturnType<typeof ua.invite> & {
    mediaHandler?: { audioOutput: Readable; statistics: { packetsReceived: number } };
  };
  await ctx.event(call, 'accepted', 15_000);
  const media = call.mediaHandler!;
  const received: Buffer[] = [];
  media.audioOutput.on('data', (chunk: Buffer) => received.push(chunk));
  await ctx.sleep(3000);
  const audio = Buffer.concat(received);
  ctx.check('RTP arrived', media.statistics.packetsReceived > 50, 'more than 50 packets', String(media.statistics.packetsReceived));
  ctx.check('the prompt is not silence', rms(audio) > 300, 'RMS above 300', rms(audio).toFixed(0));
  const { event } = await ctx.firstEvent(call, ['terminated', 'bye'], 100).catch(() => ({ event: 'still up' }));
  if (event === 'still up') {
    await hangUp(ctx, call);
  }
}
