import { parseArgs } from 'node:util';
import SIP from 'sipforge/node';

// One UAS process: a UA that listens on the address given, registers nowhere, answers every call
// (RTP audio from the Node media handler) and every MESSAGE. Run several behind Kamailio's dispatcher:
//   npx tsx examples/uas-process.ts --listen udp:127.0.0.1:5070
// It prints one line per event (`listening …`, `call <Call-ID> answered`, `call <Call-ID> ended`, `message …`).
const { values } = parseArgs({ options: { listen: { type: 'string', default: 'udp:127.0.0.1:5070' } } });

const ua = new SIP.UA({ uri: 'sip:service@127.0.0.1', listen: values.listen, register: false, log: { builtinEnabled: false } });

ua.on('listening', (address) => console.log(`listening ${address.protocol.toLowerCase()}:${address.host}:${address.port}`));
ua.on('disconnected', ({ error }) => {
  if (error === undefined) return;
  console.error(`cannot listen: ${error.message}`);
  process.exit(1);
});

ua.on('invite', (session) => {
  const callId = session.request.call_id;
  session.once('accepted', () => console.log(`call ${callId} answered`));
  session.once('terminated', () => console.log(`call ${callId} ended`));
  session.accept();
});

ua.on('message', (message) => console.log(`message ${JSON.stringify(message.body)}`));

// Leave cleanly on SIGTERM/SIGINT: calls still up get their BYE, the socket is closed.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void ua.stop().then(() => process.exit(0)));
}
