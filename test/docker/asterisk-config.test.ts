import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  extensionSteps,
  parseAsteriskConfig,
  readAsteriskConfig,
  sectionsOfType,
  value,
  values,
  type AsteriskSection,
} from '../support/asterisk-config.js';
import { REPO_ROOT } from '../support/docker.js';

// docker/asterisk/*.conf are the Asterisk target's configuration (issue 9): the files Asterisk
// reads from its config directory, in the image or on any Asterisk 22. No Asterisk runs here (its
// source cannot be fetched on these machines), so this checks them the way a user without Docker
// would meet them: every file reads as Asterisk config, and together they give the conformance
// runner what its target file promises (ports, users, AMI account, extensions).

const CONFIG_DIR = join(REPO_ROOT, 'docker/asterisk');

interface AsteriskTarget {
  wsUrl: string;
  sip: { host: string; port: number };
  ami: { host: string; port: number; username: string; secret: string };
  users: Record<string, { user: string; password: string; authorizationUser?: string }>;
  extensions: Record<string, string>;
}

// The runner's side of the contract: conformance/targets/asterisk/target.json.
const TARGET_FILE = join(REPO_ROOT, 'conformance/targets/asterisk/target.json');
const target = JSON.parse(readFileSync(TARGET_FILE, 'utf8')) as AsteriskTarget;
const ws = new URL(target.wsUrl);

const conf = (name: string): AsteriskSection[] => readAsteriskConfig(join(CONFIG_DIR, name));
const only = (sections: AsteriskSection[], name: string): AsteriskSection => {
  const found = sections.filter((s) => s.name === name && !s.template);
  expect(found, `one [${name}]`).toHaveLength(1);
  return found[0]!;
};
const onlyOfType = (sections: AsteriskSection[], name: string, type: string): AsteriskSection => {
  const found = sectionsOfType(sections, name, type);
  expect(found, `one [${name}] of type ${type}`).toHaveLength(1);
  return found[0]!;
};

describe('the Asterisk config reader of these tests', () => {
  it('applies templates, keeps => entries and refuses what it cannot read', () => {
    const sections = parseAsteriskConfig('[t](!)\na=1 ; comment\n[s](t)\nb => 2\\;x\n');
    expect(sections.map((s) => [s.name, s.template, s.entries])).toEqual([
      ['t', true, [['a', '1']]],
      ['s', false, [['a', '1'], ['b', '2;x']]],
    ]);
    expect(() => parseAsteriskConfig('[s](missing)\n')).toThrow(/unknown template/);
    expect(() => parseAsteriskConfig('#include other.conf\n')).toThrow(/directive/);
    expect(() => parseAsteriskConfig('[s]\njust words\n')).toThrow(/key = value/);
  });
});

describe('docker/asterisk/*.conf', () => {
  const files = readdirSync(CONFIG_DIR).filter((f) => f.endsWith('.conf'));

  it('are the files the issue names, each readable as Asterisk config', () => {
    expect(files.sort()).toEqual(['extensions.conf', 'http.conf', 'logger.conf', 'manager.conf', 'modules.conf', 'pjsip.conf', 'rtp.conf']);
    for (const file of files) expect(() => conf(file), file).not.toThrow();
  });

  it('name no path of the image, so that they run on any Asterisk 22', () => {
    for (const file of files) {
      for (const section of conf(file)) {
        for (const [key, v] of section.entries) expect(`${file} [${section.name}] ${key}=${v}`).not.toMatch(/=\s*\/|\/(etc|var|usr|opt)\//);
      }
    }
  });

  it('serve HTTP, and so the SIP WebSocket, on the target URL', () => {
    const general = only(conf('http.conf'), 'general');
    expect(value(general, 'enabled')).toBe('yes');
    expect(value(general, 'bindaddr')).toBe(ws.hostname);
    expect(value(general, 'bindport')).toBe(ws.port);
    // res_http_websocket serves the SIP WebSocket at this fixed path.
    expect(ws.pathname).toBe('/ws');
    const pjsip = conf('pjsip.conf');
    const wsTransports = pjsip.filter((s) => !s.template && value(s, 'type') === 'transport' && value(s, 'protocol') === 'ws');
    expect(wsTransports.map((s) => value(s, 'bind'))).toEqual([`${ws.hostname}:${ws.port}`]);
  });

  it('listen for SIP over UDP where SIPp sends', () => {
    const udp = conf('pjsip.conf').filter((s) => !s.template && value(s, 'type') === 'transport' && value(s, 'protocol') === 'udp');
    expect(udp.map((s) => value(s, 'bind'))).toEqual([`${target.sip.host}:${target.sip.port}`]);
  });

  it('give every target user an endpoint with digest auth and plain RTP, and an AOR for several contacts', () => {
    const pjsip = conf('pjsip.conf');
    const contexts = conf('extensions.conf').map((s) => s.name);
    for (const [name, user] of Object.entries(target.users)) {
      const endpoint = onlyOfType(pjsip, user.user, 'endpoint');
      const auth = onlyOfType(pjsip, value(endpoint, 'auth')!, 'auth');
      expect(value(auth, 'auth_type'), name).toBe('digest');
      expect(value(auth, 'username'), name).toBe(user.authorizationUser ?? user.user);
      expect(value(auth, 'password'), name).toBe(user.password);
      const aor = onlyOfType(pjsip, value(endpoint, 'aors')!, 'aor');
      expect(Number(value(aor, 'max_contacts')), name).toBeGreaterThan(1);
      expect(value(aor, 'remove_existing'), name).toBe('yes');
      expect(
        Object.fromEntries(['media_encryption', 'ice_support', 'use_avpf', 'rtp_symmetric', 'force_rport', 'rewrite_contact', 'direct_media', 'dtmf_mode'].map((k) => [k, value(endpoint, k)])),
        name,
      ).toEqual({ media_encryption: 'no', ice_support: 'no', use_avpf: 'no', rtp_symmetric: 'yes', force_rport: 'yes', rewrite_contact: 'yes', direct_media: 'no', dtmf_mode: 'rfc4733' });
      expect(values(endpoint, 'disallow'), name).toEqual(['all']);
      expect(value(endpoint, 'allow')!.split(','), name).toEqual(['ulaw', 'alaw']);
      expect(contexts, `${name}: context`).toContain(value(endpoint, 'context'));
      expect(contexts, `${name}: message_context`).toContain(value(endpoint, 'message_context'));
    }
  });

  it('dial every registered contact of a user, 480 without one, 486 when busy', () => {
    const pjsip = conf('pjsip.conf');
    const dialplan = conf('extensions.conf');
    for (const user of Object.values(target.users)) {
      const context = only(dialplan, value(onlyOfType(pjsip, user.user, 'endpoint'), 'context')!);
      const [first, ...rest] = extensionSteps(context, user.user);
      expect(rest).toEqual([]);
      // Gosub(context,exten,priority(user)) into the shared ringing routine.
      const call = /^Gosub\(([^,]+),([^,]+),1\(([^)]*)\)\)$/.exec(first ?? '');
      expect(call, `${user.user}: ${first}`).not.toBeNull();
      expect(call![3]).toBe(user.user);
      const steps = extensionSteps(only(dialplan, call![1]!), call![2]!);
      expect(steps[0]).toBe('Set(CONTACTS=${PJSIP_DIAL_CONTACTS(${ARG1})})');
      expect(steps).toContain('GotoIf($["${CONTACTS}" = ""]?offline)');
      expect(steps).toContain('Dial(${CONTACTS})');
      expect(steps).toContain('PJSIPHangup(480)');
      expect(steps).toContain('Busy()');
    }
  });

  it('answer the echo and playback extensions', () => {
    const pjsip = conf('pjsip.conf');
    const context = only(conf('extensions.conf'), value(onlyOfType(pjsip, Object.values(target.users)[0]!.user, 'endpoint'), 'context')!);
    expect(extensionSteps(context, target.extensions.echo!).slice(0, 2)).toEqual(['Answer()', 'Echo()']);
    const playback = extensionSteps(context, target.extensions.playback!);
    expect(playback[0]).toBe('Answer()');
    expect(playback).toContain('Playback(hello-world)');
  });

  it('send a MESSAGE to a user on to that user', () => {
    const pjsip = conf('pjsip.conf');
    const dialplan = conf('extensions.conf');
    for (const user of Object.values(target.users)) {
      const context = only(dialplan, value(onlyOfType(pjsip, user.user, 'endpoint'), 'message_context')!);
      expect(extensionSteps(context, user.user)[0]).toBe(`MessageSend(pjsip:${user.user},\${MESSAGE(from)})`);
    }
  });

  it('open AMI on the target address for the target account, with read access to events', () => {
    const manager = conf('manager.conf');
    const general = only(manager, 'general');
    expect(value(general, 'enabled')).toBe('yes');
    expect(value(general, 'bindaddr')).toBe(target.ami.host);
    expect(value(general, 'port')).toBe(String(target.ami.port));
    const account = only(manager, target.ami.username);
    expect(value(account, 'secret')).toBe(target.ami.secret);
    expect(value(account, 'read')).toBe('all');
    expect(values(account, 'permit')).toEqual([`${target.ami.host}/255.255.255.255`]);
  });

  it('give RTP a port range and load the modules the target needs', () => {
    const rtp = only(conf('rtp.conf'), 'general');
    expect(Number(value(rtp, 'rtpstart'))).toBeLessThan(Number(value(rtp, 'rtpend')));
    const modules = only(conf('modules.conf'), 'modules');
    expect(value(modules, 'autoload')).toBe('yes');
    // The modules these files rely on (PJSIP_DIAL_CONTACTS and PJSIPHangup live in chan_pjsip;
    // hello-world is GSM, played to a ulaw/alaw caller through codec_gsm).
    const needed = ['chan_pjsip.so', 'res_pjsip.so', 'res_pjsip_session.so', 'res_pjsip_transport_websocket.so', 'res_http_websocket.so', 'res_pjsip_registrar.so', 'res_pjsip_authenticator_digest.so', 'res_pjsip_messaging.so', 'res_rtp_asterisk.so', 'app_dial.so', 'app_echo.so', 'app_playback.so', 'app_stack.so', 'func_hangupcause.so', 'func_strings.so', 'format_gsm.so', 'codec_gsm.so', 'codec_ulaw.so', 'codec_alaw.so'];
    for (const module of values(modules, 'noload')) expect(needed).not.toContain(module);
  });
});

describe('docker/asterisk/Dockerfile', () => {
  const dockerfile = readFileSync(join(CONFIG_DIR, 'Dockerfile'), 'utf8');

  it('builds with the bundled pjproject, from the cache folder it copies in, and installs these files as the config directory', () => {
    const cache = /^COPY cache\/ (\S+)$/m.exec(dockerfile)?.[1];
    expect(cache).toBeDefined();
    expect(dockerfile).toContain(`--with-pjproject-bundled --with-download-cache=${cache!.replace(/\/$/, '')}`);
    expect(dockerfile).toMatch(/^RUN contrib\/scripts\/install_prereq install$/m);
    expect(dockerfile).toMatch(/make install/);
    expect(dockerfile).toMatch(/^COPY \*\.conf \/etc\/asterisk\/$/m);
  });
});
