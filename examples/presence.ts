import SIP from 'sipforge/node';

// bob PUBLISHes his presence to the server; alice subscribes to it, prints what the NOTIFYs say, and unsubscribes.
const server = process.env.SIP_SERVER ?? 'ws://127.0.0.1:8080';
const quiet = { builtinEnabled: false };
const alice = new SIP.UA({ uri: 'alice@example.test', password: 'secret', wsServers: server, register: false, log: quiet });
const bob = new SIP.UA({ uri: 'bob@example.test', password: 'secret', wsServers: server, register: false, log: quiet });

const pidf =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:bob@example.test">\n' +
  '  <tuple id="desk"><status><basic>open</basic></status></tuple>\n' +
  '</presence>\n';

const published = bob.request('PUBLISH', 'bob@example.test', {
  extraHeaders: ['Event: presence', 'Expires: 60'],
  body: pidf,
  contentType: 'application/pidf+xml',
});

published.on('accepted', () => {
  const presence = alice.subscribe('bob@example.test', 'presence', { expires: 60 });
  presence.on('notify', ({ state, body }) => {
    const basic = /<basic>(\w+)<\/basic>/.exec(body)?.[1] ?? 'unknown';
    console.log(`subscription ${state}: bob is ${basic}`);
    if (state === 'active') presence.unsubscribe();
  });
  presence.on('failed', (_response, cause) => {
    console.error(`SUBSCRIBE failed: ${cause}`);
    process.exitCode = 1;
  });
  presence.on('terminated', async () => {
    await Promise.all([alice.stop(), bob.stop()]);
  });
});

published.on('failed', async (_response, cause) => {
  console.error(`PUBLISH failed: ${cause}`);
  process.exitCode = 1;
  await Promise.all([alice.stop(), bob.stop()]);
});
