// The fuzz target: sipforge run as an application runs it, in its own process, with no
// uncaughtException or unhandledRejection handler: an exception that escapes the library ends
// this process with exit code 1 and the stack on stderr, which is what the fuzzer looks for.
// Started by harness/target-process.ts with a TargetConfig as its argument and an IPC channel.
import { CoreListeners } from './core-listeners.js';
import { HealthMonitor } from './health-monitor.js';
import { ListeningUa } from './listening-ua.js';
import { HEALTH_INTERVAL_MS, type FuzzerCommand, type TargetConfig, type TargetMessage } from './ipc.js';
import { UaApplication } from './ua-application.js';

const config = JSON.parse(process.argv[2] ?? '{}') as TargetConfig;

function tell(message: TargetMessage): void {
  process.send?.(message);
}

const listeners = new CoreListeners(config);
const application = new UaApplication(config, (ua) => tell({ type: 'registered', ua }));
const health = new HealthMonitor(() => ({
  coreTransactions: listeners.transactionCount,
  coreTcpTransactions: listeners.tcpTransactionCount,
  coreDialogs: listeners.dialogCount,
  coreTcpConnections: listeners.tcp.connectionCount,
}));

const listening = new ListeningUa(config);
const { udpPort, tcpPort } = await listeners.start();
const listenUdpPort = await listening.start();
application.start();

process.on('message', (command: FuzzerCommand) => {
  switch (command.type) {
    case 'trigger':
      try {
        application.send(command.ua, command.method);
        tell({ type: 'triggered', id: command.id, ua: command.ua, method: command.method });
      } catch (error) {
        // A UA that is not connected refuses to send: that is the application's API, not a crash.
        tell({ type: 'triggered', id: command.id, ua: command.ua, method: command.method, error: String(error) });
      }
      return;
    case 'sync':
      setImmediate(() => tell({ type: 'synced', id: command.id }));
      return;
    case 'gc':
      globalThis.gc?.();
      tell(health.report(true));
      return;
  }
});
// The IPC channel is the fuzzer's lifeline: when it goes, so does the target.
process.on('disconnect', () => process.exit(0));

setInterval(() => tell(health.report(false)), HEALTH_INTERVAL_MS);
tell({ type: 'ready', coreUdpPort: udpPort, coreTcpPort: tcpPort, listenUdpPort });
