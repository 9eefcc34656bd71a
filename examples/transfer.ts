import SIP, { type InviteServerContext, type NodeUA } from 'sipforge/node';

// A blind transfer (RFC 5589 §6): alice calls bob; bob refers her to carol; alice follows and calls
// carol, who answers; bob learns from the final NOTIFY that the transfer worked and hangs up.
const server = process.env.SIP_SERVER ?? 'ws://127.0.0.1:8080';
const quiet = { builtinEnabled: false };
const ua = (user: string) => new SIP.UA({ uri: `${user}@example.test`, password: 'secret', wsServers: server, log: quiet });
const [alice, bob, carol] = [ua('alice'), ua('bob'), ua('carol')];
const registered = (u: NodeUA) => new Promise((resolve) => u.once('registered', resolve));
await Promise.all([registered(alice), registered(bob), registered(carol)]);

const deadline = setTimeout(() => void finish('no transfer within 20 s', 1), 20_000);
async function finish(text: string, code = 0): Promise<void> {
  console.log(text);
  process.exitCode = code;
  clearTimeout(deadline);
  await Promise.all([alice.stop(), bob.stop(), carol.stop()]);
}

bob.once('invite', (call: InviteServerContext) => {
  call.on('referAccepted', (status) => {
    console.log(`bob: carol answered alice (${status.status} ${status.reason}); hanging up`);
    call.bye();
  });
  call.once('confirmed', () => call.refer('carol'));
  call.accept();
});
carol.once('invite', (call: InviteServerContext) => {
  console.log(`carol: call from ${call.remoteIdentity.uri}, referred by ${call.request.getHeader('Referred-By')}`);
  call.once('bye', () => void finish('carol: alice hung up'));
  call.accept();
});

const toBob = alice.invite('bob');
toBob.on('refer', toBob.followRefer((request, toCarol) => {
  console.log(`alice: ${request.getHeader('Refer-To')} asked for; calling`);
  toCarol.once('accepted', () => setTimeout(() => toCarol.bye(), 500));
}));
toBob.once('bye', () => console.log('alice: bob left'));
