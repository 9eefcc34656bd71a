// Run with `node --conditions=browser`: what a bundler building for browsers gets for `sipforge`.
import SIP, * as root from 'sipforge';

console.log(JSON.stringify({
  resolved: import.meta.resolve('sipforge'),
  rootUa: SIP.UA === root.UA,
  nodeUa: typeof root.NodeUA,
  udpTransport: typeof root.UdpTransport,
}));
