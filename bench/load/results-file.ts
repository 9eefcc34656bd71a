import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/**
 * bench/LOAD-RESULTS.md, one section per benchmark between marker comments: a run replaces only
 * the sections it measured (`--only`), and `npm run bench` (bench/RESULTS.md) is never touched.
 */
export function writeSection(path: string, key: string, markdown: string): void {
  const begin = `<!-- load:${key} -->`;
  const end = `<!-- /load:${key} -->`;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  let text = existsSync(path) ? readFileSync(path, 'utf8') : `# Load benchmarks (\`npm run bench:load\`)\n\nEach section below comes from one run of \`npm run bench:load -- --only=<key>\` and says when, where and how it was measured. The parser benchmark is in [RESULTS.md](RESULTS.md).\n`;
  const at = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (at >= 0 && stop > at) text = text.slice(0, at) + block + text.slice(stop + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, text.endsWith('\n') ? text : `${text}\n`);
}

/** Date, machine, Node and load average: the same header for every section. */
export function environment(command: string): string[] {
  const cpus = os.cpus();
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.arch()}; shared with other work (load average at the end ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')})`,
    `- Node ${process.version}`,
    `- Command: \`${command}\``,
  ];
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
export const ratio = (x: number): string => (Number.isFinite(x) ? `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×` : '—');
