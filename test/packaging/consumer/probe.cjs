// Starts a WebSocket server on 127.0.0.1, lets a UA of the given `SIP` namespace connect to it and
// resolves with the start line of the first request the UA sends (its REGISTER).
const { WebSocketServer } = require('ws');

module.exports = async function firstRequestLine(SIP) {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  const received = new Promise((resolve) => {
    server.on('connection', (socket) => socket.once('message', (data) => resolve(String(data).split('\r\n')[0])));
  });
  const ua = new SIP.UA({
    uri: 'alice@example.test',
    wsServers: `ws://127.0.0.1:${server.address().port}`,
    log: { builtinEnabled: false },
  });
  ua.start();
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the UA sent nothing within 5 s')), 5000).unref());
  return Promise.race([received, timeout]);
};
