import { parseArgs } from 'node:util';
import { UAS } from './ua/ua-catalogue.js';

/** What `npm run conformance -- …` was asked to do. */
export interface ConformanceOptions {
  /** `kamailio` or `asterisk`; undefined: the default (asterisk when Docker answers, else kamailio). */
  target: string | undefined;
  /** A server that is already running (`ws://host:port/path`): nothing is started or stopped. */
  server: string | undefined;
  /** A JSON file with the server's users, domain, extensions, SIP address and capabilities. */
  config: string | undefined;
  /** Scenario ids (or id prefixes, or groups) to run; empty: all. */
  only: string[];
  list: boolean;
  verbose: boolean;
  /** The implementations of the legacy API to put under test, in report column order. */
  uas: string[];
  /** Where index.html, junit.xml and the run records go. */
  reportDir: string | undefined;
  help: boolean;
}

export const TARGETS = ['kamailio', 'asterisk'];

export const USAGE = `Usage: npm run conformance -- [options]

  --target kamailio|asterisk   the server: Kamailio started natively, or Asterisk + SIPp in Docker
                               (default: asterisk when \`docker info\` answers, else kamailio)
  --server ws://host:port/path a server that is already running (with --target naming its kind);
                               nothing is started or stopped
  --config file.json           users, domain, extensions, SIP address and capabilities of that server
  --only id[,id…]              only these scenarios (an id, a prefix of ids, or a group)
  --list                       list the scenarios and what they check, run nothing
  --verbose                    print every SIP message as it goes
  --ua name[,name…]            the implementations under test: ${Object.keys(UAS).join(', ')}, or all
                               (default sipforge); each is a column of the report
  --report dir                 where the report goes (default conformance/report)
  --help                       this text`;

function list(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== '');
}

/** Read the command line; throws an Error with a message for the user when it is wrong. */
export function parseConformanceArgs(argv: readonly string[]): ConformanceOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      target: { type: 'string' },
      server: { type: 'string' },
      config: { type: 'string' },
      only: { type: 'string', multiple: true },
      list: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      ua: { type: 'string', multiple: true },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0]} (options start with --)`);
  if (values.target !== undefined && !TARGETS.includes(values.target)) throw new Error(`--target must be one of ${TARGETS.join(', ')}: ${values.target}`);
  if (values.server !== undefined) {
    let url: URL;
    try {
      url = new URL(values.server);
    } catch {
      throw new Error(`--server must be a WebSocket URL (ws://host:port/path): ${values.server}`);
    }
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(`--server must be a ws:// or wss:// URL: ${values.server}`);
  }
  if (values.config !== undefined && values.server === undefined) throw new Error('--config describes a running server: give its address with --server');
  let uas = list(values.ua);
  if (uas.includes('all')) uas = Object.keys(UAS);
  if (uas.length === 0) uas = ['sipforge'];
  for (const ua of uas) if (UAS[ua] === undefined) throw new Error(`--ua must be one of ${Object.keys(UAS).join(', ')}, or all: ${ua}`);
  return {
    target: values.target,
    server: values.server,
    config: values.config,
    only: list(values.only),
    list: values.list ?? false,
    verbose: values.verbose ?? false,
    uas: [...new Set(uas)],
    reportDir: values.report,
    help: values.help ?? false,
  };
}
