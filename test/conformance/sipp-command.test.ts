import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sippCommand } from '../../conformance/runner/sipp-process.js';
import type { TargetParams } from '../../conformance/targets/target.js';

const CONFORMANCE = join(import.meta.dirname, '..', '..', 'conformance');
const target = (sipp: 'native' | 'docker'): TargetParams => ({
  name: 'asterisk',
  wsUrl: 'ws://127.0.0.1:8088/ws',
  sip: { host: '127.0.0.1', port: 5060 },
  domain: 'example.test',
  users: {},
  extensions: {},
  capabilities: [],
  sipp,
  composeFile: '/repo/docker/compose.yaml',
});
const scenario = join(CONFORMANCE, 'scenarios', 'options-in', 'uac_options.xml');

describe('how a SIPp of a scenario is run', () => {
  it('natively: the sipp binary in the trace folder, arguments as given', () => {
    expect(sippCommand(target('native'), '/tmp/trace', 'c1', ['-sf', scenario, '127.0.0.1:5060'])).toEqual({ file: 'sipp', args: ['-sf', scenario, '127.0.0.1:5060'], cwd: '/tmp/trace' });
  });

  it('in Docker: compose run --rm of the sipp service, named, the conformance folder and the trace folder mounted, paths mapped into the container', () => {
    const command = sippCommand(target('docker'), '/tmp/trace', 'sipforge-sipp-1-1', ['-sf', scenario, '127.0.0.1:5060', '-trace_msg'], ['docker', 'compose']);
    expect(command).toEqual({
      file: 'docker',
      args: ['compose', '-f', '/repo/docker/compose.yaml', 'run', '--rm', '--name', 'sipforge-sipp-1-1', '-v', `${CONFORMANCE}:/conformance:ro`, '-v', '/tmp/trace:/trace', '-w', '/trace', 'sipp', '-sf', '/conformance/scenarios/options-in/uac_options.xml', '127.0.0.1:5060', '-trace_msg'],
      cwd: '/tmp/trace',
    });
  });

  it('with Compose v1 where the v2 plugin is missing', () => {
    expect(sippCommand(target('docker'), '/tmp/trace', 'c1', [], ['docker-compose']).file).toBe('docker-compose');
  });
});
