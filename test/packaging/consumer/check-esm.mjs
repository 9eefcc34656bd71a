// `import SIP from 'sipforge'` in Node: the Node build, the same module as `sipforge/node`.
import { createRequire } from 'node:module';
import SIP, * as root from 'sipforge';
import * as explicit from 'sipforge/node';

const firstRequestLine = createRequire(import.meta.url)('./probe.cjs');
console.log(JSON.stringify({
  resolved: import.meta.resolve('sipforge'),
  sameAsExplicit: root === explicit,
  defaultUaIsNodeUa: SIP.UA === root.NodeUA,
  namedUaIsNodeUa: root.UA === root.NodeUA,
  udpTransport: typeof root.UdpTransport,
  firstRequestLine: await firstRequestLine(SIP),
}));
process.exit(0);
