// `require('sipforge')` in Node: the Node build, the same module as `require('sipforge/node')`.
const root = require('sipforge');
const explicit = require('sipforge/node');
const firstRequestLine = require('./probe.cjs');

firstRequestLine(root.default).then((line) => {
  console.log(JSON.stringify({
    resolved: require.resolve('sipforge'),
    sameAsExplicit: root === explicit,
    defaultUaIsNodeUa: root.default.UA === root.NodeUA,
    namedUaIsNodeUa: root.UA === root.NodeUA,
    udpTransport: typeof root.UdpTransport,
    explicitUdpTransport: typeof explicit.UdpTransport,
    firstRequestLine: line,
  }));
  process.exit(0);
});
