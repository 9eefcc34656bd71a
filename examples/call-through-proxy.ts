import SIP from 'sipforge/node';

// Two users of the same server: bob registers and answers, alice calls him, talks for a second and
// hangs up; each side's media handler (RTP in Node) makes its SDP offer or answer. With a proxy in
// between (the project's Kamailio records the route), the ACK and the BYE reach bob only through the
// route set both sides build from Record-Route (RFC 3261 §12.1).
const server = process.env.SIP_SERVER ?? 'ws://127.0.0.1:8080';
const quiet = { builtinEnabled: false };
const alice = new SIP.UA({ uri: 'alice@example.test', password: 'secret', wsServers: server, register: false, log: quiet });
const bob = new SIP.UA({ uri: 'bob@example.test', password: 'secret', wsServers: server, log: quiet });

async function finish(code: number): Promise<void> {
  process.exitCode = code;
  await Promise.all([alice.stop(), bob.stop()]);
}

bob.on('invite', (session) => {
  console.log(`bob: call from ${session.request.from.uri}`);
  session.on('confirmed', () => console.log('bob: answered, the ACK arrived'));
  session.on('bye', async () => {
    console.log('bob: alice hung up');
    await finish(0);
  });
  session.progress();
  session.accept();
});

bob.on('registered', () => {
  const call = alice.invite('bob@example.test');
  call.on('accepted', () => {
    console.log('alice: bob answered');
    setTimeout(() => call.bye(), 1000);
  });
  call.on('failed', async (_response, cause) => {
    console.error(`alice: call failed: ${cause}`);
    await finish(1);
  });
});

bob.on('registrationFailed', async (_response, cause) => {
  console.error(`registration failed: ${cause}`);
  await finish(1);
});
