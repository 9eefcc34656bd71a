import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compose, composeCommand, REPO_ROOT } from '../support/docker.js';

// docker/compose.yaml as Compose itself reads it (`docker compose config`, or Compose v1.29's
// `docker-compose config`): the two services of the Docker target (issue 9), both on the host
// network so SIP, RTP and the WebSocket bind the machine's 127.0.0.1 with no port mapping.

interface ComposeService {
  network_mode?: string;
  build?: { context?: string } | string;
  image?: string;
  healthcheck?: { test?: string[] | string };
  profiles?: string[];
  working_dir?: string;
  volumes?: Array<string | { source?: string; target?: string; read_only?: boolean }>;
}

/**
 * The resolved configuration as JSON (v2 prints it; v1 prints YAML, read here with its own PyYAML),
 * with the sipp profile active so that no Compose version leaves the on-demand service out.
 */
async function resolvedConfig(): Promise<{ services: Record<string, ComposeService> }> {
  if (composeCommand()[0] === 'docker') return JSON.parse(await compose(['--profile', 'sipp', 'config', '--format', 'json'])) as { services: Record<string, ComposeService> };
  const yaml = await compose(['--profile', 'sipp', 'config']);
  const converted = spawnSync('python3', ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: yaml, encoding: 'utf8' });
  if (converted.status !== 0) throw new Error(`cannot read docker-compose's YAML with python3 (PyYAML comes with docker-compose): ${converted.stderr}`);
  return JSON.parse(converted.stdout) as { services: Record<string, ComposeService> };
}

/** Short (`src:dst:ro`) or long volume syntax, whichever this Compose prints, as source → target. */
function mounts(service: ComposeService): Array<{ source: string; target: string; readOnly: boolean }> {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return { source: volume.source ?? '', target: volume.target ?? '', readOnly: volume.read_only === true };
    const [source = '', target = '', mode = ''] = volume.split(':');
    return { source, target, readOnly: mode === 'ro' };
  });
}

describe('docker/compose.yaml', () => {
  let services: Record<string, ComposeService>;

  beforeAll(async () => {
    ({ services } = await resolvedConfig());
  }, 60_000);

  it('has the asterisk and sipp services, both with host networking', () => {
    expect(Object.keys(services).sort()).toEqual(['asterisk', 'sipp']);
    expect(services.asterisk!.network_mode).toBe('host');
    expect(services.sipp!.network_mode).toBe('host');
  });

  it('builds each image from its folder under docker/', () => {
    const context = (service: ComposeService): string | undefined => (typeof service.build === 'string' ? service.build : service.build?.context);
    expect(context(services.asterisk!)).toBe(join(REPO_ROOT, 'docker/asterisk'));
    expect(context(services.sipp!)).toBe(join(REPO_ROOT, 'docker/sipp'));
    expect(services.asterisk!.image).toBe('sipforge/asterisk:22');
    expect(services.sipp!.image).toBe('sipforge/sipp:latest');
  });

  it('reports asterisk healthy through the WebSocket probe that its image installs', () => {
    expect(services.asterisk!.healthcheck?.test).toEqual(['CMD', 'sipforge-ws-health']);
    expect(readFileSync(join(REPO_ROOT, 'docker/asterisk/Dockerfile'), 'utf8')).toMatch(/^COPY ws-health\.sh \/usr\/local\/bin\/sipforge-ws-health$/m);
  });

  it('runs sipp only on demand, with the repository read-only at /sipforge and SIPP_WORK_DIR at /work', () => {
    expect(services.sipp!.profiles).toEqual(['sipp']);
    expect(services.sipp!.working_dir).toBe('/work');
    const volumes = mounts(services.sipp!);
    expect(volumes).toContainEqual({ source: REPO_ROOT, target: '/sipforge', readOnly: true });
    expect(volumes).toContainEqual({ source: '/tmp/sipforge-sipp', target: '/work', readOnly: false });
  });
});
