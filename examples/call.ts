import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SIP, { RtpSessionDescriptionHandler, rtpSessionDescriptionHandlerFactory, type InviteClientContext } from 'sipforge/node';

// A call with audio from Node: alice calls CALL_TARGET, plays a WAV file into the call, records what
// she hears to another WAV file, and hangs up. Without CALL_TARGET, bob answers in this same process
// and sends back everything he hears (an echo), so the example runs against the bare project Kamailio.
const server = process.env.SIP_SERVER ?? 'ws://127.0.0.1:8080';
const target = process.env.CALL_TARGET ?? 'bob@example.test';
const echoInProcess = process.env.CALL_TARGET === undefined;
const playFile = process.env.PLAY_WAV ?? fileURLToPath(new URL('two-tones.wav', import.meta.url));
const recordFile = process.env.RECORD_WAV ?? join(tmpdir(), 'sipforge-call.wav');
// The address our RTP is bound to and that our SDP gives the peer: by default the one our
// connection to the SIP server leaves from; RTP_ADDRESS overrides it (a NAT's public address …).
const media = rtpSessionDescriptionHandlerFactory({ address: process.env.RTP_ADDRESS });
const quiet = { builtinEnabled: false };

const alice = new SIP.UA({
  uri: process.env.SIP_USER ?? 'alice@example.test',
  password: process.env.SIP_PASSWORD ?? 'secret',
  wsServers: server,
  register: false,
  mediaHandlerFactory: media,
  log: quiet,
});
const bob = echoInProcess
  ? new SIP.UA({ uri: 'bob@example.test', password: 'secret', wsServers: server, mediaHandlerFactory: media, log: quiet })
  : undefined;

async function finish(code: number): Promise<void> {
  process.exitCode = code;
  clearTimeout(deadline);
  await Promise.all([alice.stop(), bob?.stop()]);
}

// Nobody answering, or a server that never replies: give up rather than wait for ever.
const deadline = setTimeout(() => {
  console.error('no call within 20 s');
  void finish(1);
}, 20_000);

/** The call's media is sipforge/node's RTP handler (the UA's mediaHandlerFactory made it). */
function rtp(call: { mediaHandler: unknown }): RtpSessionDescriptionHandler {
  if (!(call.mediaHandler instanceof RtpSessionDescriptionHandler)) throw new Error('this call has no RTP media');
  return call.mediaHandler;
}

function call(): void {
  console.log(`alice: calling ${target}`);
  const session: InviteClientContext = alice.invite(target);
  session.on('accepted', async () => {
    const audio = rtp(session);
    const recording = audio.recordWav(recordFile);
    console.log(`alice: answered, playing ${playFile}`);
    // playWav resolves early if the callee hangs up first: the end of the call closes the media.
    await audio.playWav(playFile);
    // What went out last is still on its way back.
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (session.endTime === undefined) {
      console.log('alice: played it, hanging up');
      session.bye();
    } else {
      console.log('alice: the callee hung up first');
    }
    // The end of the call closes the media, which writes the recording.
    await recording.finished;
    console.log(`alice: recorded what she heard to ${recordFile}`);
    await finish(0);
  });
  session.on('failed', async (_response, cause) => {
    console.error(`alice: call failed: ${cause}`);
    await finish(1);
  });
}

// The server cannot be reached (not started? see SIP_SERVER): say why rather than retry in silence.
alice.once('disconnected', async ({ error }) => {
  if (error === undefined) return;
  console.error(`alice: ${error.message}`);
  await finish(1);
});

if (bob === undefined) {
  alice.once('connected', call);
} else {
  bob.on('invite', (incoming) => {
    incoming.accept();
    // bob sends back what he hears: his received audio piped into the audio he sends.
    const audio = rtp(incoming);
    audio.audioOutput.pipe(audio.audioInput);
  });
  bob.once('registered', call);
  bob.on('registrationFailed', async (_response, cause) => {
    console.error(`bob: registration failed: ${cause}`);
    await finish(1);
  });
}
