import SIP from 'sipforge/node';

// Two users of the same server: alice registers, bob sends her a MESSAGE, alice prints it.
const server = process.env.SIP_SERVER ?? 'ws://127.0.0.1:8080';
const quiet = { builtinEnabled: false };
const alice = new SIP.UA({ uri: 'alice@example.test', password: 'secret', wsServers: server, log: quiet });
const bob = new SIP.UA({ uri: 'bob@example.test', password: 'secret', wsServers: server, register: false, log: quiet });

alice.on('registered', () => {
  bob.message('alice@example.test', 'Hello from Bob').on('failed', (_response, cause) => {
    console.error(`MESSAGE failed: ${cause}`);
    process.exitCode = 1;
  });
});

alice.on('message', async (message) => {
  console.log(`alice received: ${message.body}`);
  await Promise.all([alice.stop(), bob.stop()]);
});

alice.on('registrationFailed', async (_response, cause) => {
  console.error(`registration failed: ${cause}`);
  process.exitCode = 1;
  await Promise.all([alice.stop(), bob.stop()]);
});
