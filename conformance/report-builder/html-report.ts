import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { RunRecord, ScenarioResult } from '../runner/outcome.js';
import type { ScenarioDefinition } from '../runner/scenario-definition.js';
import { buildLadder, type Ladder } from './ladder.js';
import type { ReportInput } from './report-input.js';

const require = createRequire(import.meta.url);

/** Mermaid's browser bundle, inlined so that the report opens with no network. */
function mermaidBundle(): string {
  return readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

const SYMBOL: Record<string, string> = { passed: '✔ passed', failed: '✖ failed', skipped: '– skipped' };

/** What the report says when the UAs disagree: the reference fails where sipforge passes, or the other way. */
export function comparisonNote(results: ReadonlyArray<ScenarioResult | undefined>): string {
  const sipforge = results.find((result) => result?.ua === 'sipforge');
  const notes: string[] = [];
  for (const other of results) {
    if (other === undefined || sipforge === undefined || other.ua === 'sipforge') continue;
    if (other.status === 'failed' && sipforge.status === 'passed') notes.push(`${other.ua} fails where sipforge passes`);
    if (other.status === 'passed' && sipforge.status === 'failed') notes.push(`sipforge fails where ${other.ua} passes`);
  }
  return notes.join('; ');
}

interface Section {
  definition: ScenarioDefinition;
  results: Array<ScenarioResult | undefined>;
}

function rank(section: Section): number {
  if (section.results.some((result) => result?.status === 'failed')) return 0;
  if (section.results.some((result) => result?.status === 'passed')) return 1;
  return 2;
}

function resultBlock(result: ScenarioResult, ladderId: string, ladder: Ladder): string {
  const checks = result.checks
    .map((check) => `<tr class="${check.ok ? 'ok' : 'bad'}"><td>${check.ok ? '✔' : '✖'}</td><td>${escapeHtml(check.label)}</td><td><code>${escapeHtml(check.expected)}</code></td><td><code>${escapeHtml(check.seen)}</code></td></tr>`)
    .join('\n');
  const messages = ladder.arrows
    .map(
      (arrow, index) =>
        `<details class="message${arrow.failures.length > 0 ? ' failing' : ''}" data-index="${index}"><summary>+${arrow.offset.toFixed(3)} s · ${escapeHtml(arrow.from)} → ${escapeHtml(arrow.to)} · ${escapeHtml(arrow.label)}</summary><pre>${escapeHtml(arrow.text)}</pre></details>`,
    )
    .join('\n');
  return `<div class="result ${result.status}">
<h4>${escapeHtml(result.ua)}: ${SYMBOL[result.status]} in ${seconds(result.durationMs)}</h4>
${result.reason === undefined ? '' : `<p class="reason">${escapeHtml(result.reason)}</p>`}
${result.status === 'skipped' ? '' : `<table class="checks"><tr><th></th><th>check</th><th>expected</th><th>seen</th></tr>\n${checks}</table>`}
${ladder.arrows.length === 0 ? '' : `<div class="ladder" id="${ladderId}" data-ladder="${ladderId}"><p class="pending">drawing the ladder…</p></div>
<details class="messages"><summary>${ladder.arrows.length} messages</summary>${messages}</details>`}
${result.log.length === 0 ? '' : `<details class="log"><summary>log</summary><pre>${escapeHtml(result.log.join('\n'))}</pre></details>`}
</div>`;
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: .5em 0; }
td, th { border: 1px solid #ccc; padding: .25em .5em; text-align: left; vertical-align: top; }
.passed { color: #176b2c; } .failed { color: #b00020; } .skipped { color: #777; }
tr.bad td { background: #fde7e9; }
section.scenario { border-top: 2px solid #ddd; margin-top: 1.5em; }
.result { margin-left: 1em; color: #222; }
.result h4.passed, .result.passed h4 { color: #176b2c; } .result.failed h4 { color: #b00020; } .result.skipped h4 { color: #777; }
.reason { font-weight: 600; }
details.message.failing > summary { color: #b00020; font-weight: 600; }
pre { background: #f6f6f6; padding: .5em; overflow-x: auto; white-space: pre-wrap; }
.ladder svg text.messageText { cursor: pointer; }
.ladder svg text.messageText:hover { text-decoration: underline; }
dialog { max-width: 90vw; max-height: 85vh; overflow: auto; }
code { white-space: pre-wrap; }
`;

// Draws each ladder with mermaid and makes each arrow's label open its full message.
const PAGE_SCRIPT = `
(async () => {
  const data = JSON.parse(document.getElementById('ladders').textContent);
  const dialog = document.getElementById('message');
  const show = (title, text) => {
    dialog.querySelector('h3').textContent = title;
    dialog.querySelector('pre').textContent = text;
    dialog.showModal();
  };
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', sequence: { showSequenceNumbers: false, wrap: false, messageFontSize: 12 } });
  let drawn = 0;
  for (const [id, ladder] of Object.entries(data)) {
    const box = document.getElementById(id);
    try {
      const { svg } = await mermaid.render('svg-' + id, ladder.mermaid);
      box.innerHTML = svg;
      box.querySelectorAll('text.messageText').forEach((label, index) => {
        const arrow = ladder.arrows[index];
        if (arrow === undefined) return;
        label.setAttribute('data-index', String(index));
        label.addEventListener('click', () => show(arrow.from + ' → ' + arrow.to + ': ' + arrow.label + ' (+' + arrow.offset.toFixed(3) + ' s)', arrow.text));
      });
      box.setAttribute('data-drawn', 'true');
      drawn += 1;
    } catch (error) {
      box.innerHTML = '<pre class="failed">cannot draw this ladder: ' + String(error).replace(/</g, '&lt;') + '</pre>';
    }
  }
  document.body.setAttribute('data-ladders-drawn', String(drawn));
})();
`;

/** The self-contained report page: summary table, then each scenario (failures first) with its ladder per UA. */
export function htmlReport(input: ReportInput, options: { mermaid?: string } = {}): string {
  const runs: RunRecord[] = input.runs;
  const sections: Section[] = input.scenarios
    .map((definition) => ({ definition, results: runs.map((run) => run.results.find((result) => result.id === definition.id)) }))
    .filter((section) => section.results.some((result) => result !== undefined));
  const ordered = [...sections].sort((a, b) => rank(a) - rank(b));
  const ladders: Record<string, { mermaid: string; arrows: Array<{ from: string; to: string; label: string; offset: number; text: string }> }> = {};
  const header = runs.map((run) => `<th>${escapeHtml(run.ua)}</th>`).join('');
  const totals = runs
    .map((run) => {
      const count = (status: string): number => run.results.filter((result) => result.status === status).length;
      return `<li><b>${escapeHtml(run.ua)}</b> ${escapeHtml(run.uaVersion)}: <span class="passed">${count('passed')} passed</span>, <span class="failed">${count('failed')} failed</span>, <span class="skipped">${count('skipped')} skipped</span> in ${seconds(run.durationMs)}</li>`;
    })
    .join('\n');
  const summary = sections
    .map((section) => {
      const cells = section.results.map((result) => (result === undefined ? '<td>—</td>' : `<td class="${result.status}">${SYMBOL[result.status]} <small>${seconds(result.durationMs)}</small></td>`)).join('');
      return `<tr><td><a href="#${section.definition.id}">${escapeHtml(section.definition.id)}</a></td><td>${escapeHtml(section.definition.rfc.join(', '))}</td>${cells}<td>${escapeHtml(comparisonNote(section.results))}</td></tr>`;
    })
    .join('\n');
  const body = ordered
    .map((section) => {
      const blocks = section.results
        .map((result) => {
          if (result === undefined) return '';
          const id = `ladder-${section.definition.id}-${result.ua}`.replace(/[^A-Za-z0-9_-]/g, '_');
          const ladder = buildLadder(result.messages, result.checks);
          if (ladder.arrows.length > 0) ladders[id] = { mermaid: ladder.mermaid, arrows: ladder.arrows.map(({ from, to, label, offset, text }) => ({ from, to, label, offset, text })) };
          return resultBlock(result, id, ladder);
        })
        .join('\n');
      const d = section.definition;
      return `<section class="scenario" id="${escapeHtml(d.id)}">
<h3>${escapeHtml(d.id)}: ${escapeHtml(d.title)}</h3>
<p><b>Checks</b> ${escapeHtml(d.rfc.join(', '))}. <b>Expected:</b> ${escapeHtml(d.expected)}</p>
${blocks}
</section>`;
    })
    .join('\n');
  const serverLogs = runs
    .filter((run) => run.serverLog.trim() !== '')
    .map((run) => `<details class="server-log"><summary>server log (${escapeHtml(run.ua)} run)</summary><pre>${escapeHtml(run.serverLog.slice(-200_000))}</pre></details>`)
    .join('\n');
  const first = runs[0];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>sipforge conformance: ${escapeHtml(first?.target ?? '')}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>sipforge conformance</h1>
<p>Target <b>${escapeHtml(first?.target ?? '')}</b>: ${escapeHtml(first?.server ?? '')}, started ${escapeHtml(first?.startedAt ?? '')}.</p>
<ul>${totals}</ul>
<h2>Scenarios</h2>
<table class="summary"><tr><th>scenario</th><th>RFC</th>${header}<th>note</th></tr>
${summary}
</table>
<h2>Details (failures first)</h2>
<p>Each ladder has a column per UA, the server and each SIPp; click an arrow's label (or open a message below it) to read the whole message. A red box marks where an expectation failed.</p>
${body}
<h2>Server</h2>
${serverLogs || '<p>No server log kept.</p>'}
<dialog id="message"><form method="dialog"><button>close</button></form><h3></h3><pre></pre></dialog>
<script type="application/json" id="ladders">${scriptJson(ladders)}</script>
<script>${(options.mermaid ?? mermaidBundle()).replace(/<\/script/gi, '<\\/script')}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
