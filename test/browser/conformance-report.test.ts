import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlReport } from '../../conformance/report-builder/html-report.js';
import { sampleReport } from '../conformance/sample-report.js';
import { openPage, startChromium, type RunningChromium } from '../support/chromium.js';

// The conformance report (conformance/report/index.html) in Debian's headless Chromium, opened from
// a file with every network request refused: mermaid, inlined, draws a ladder per scenario run, and
// clicking an arrow's label opens the whole message.

let chromium: RunningChromium;
let dir: string;
let page: Page;
let errors: string[];
const requested: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sipforge-report-'));
  const file = join(dir, 'index.html');
  writeFileSync(file, htmlReport(sampleReport()));
  chromium = await startChromium();
  const context = await chromium.browser.newContext();
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    requested.push(url);
    return route.abort();
  });
  ({ page, errors } = await openPage(context as unknown as typeof chromium.browser, pathToFileURL(file).href));
  await page.waitForSelector('body[data-ladders-drawn]', { timeout: 20_000 });
}, 40_000);

afterAll(async () => {
  await chromium?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('the conformance report in Chromium', () => {
  it('draws every ladder offline, with no error and no request to the network', async () => {
    expect(await page.getAttribute('body', 'data-ladders-drawn')).toBe('3');
    expect(await page.locator('.ladder[data-drawn="true"] svg').count()).toBe(3);
    expect(errors).toEqual([]);
    expect(requested).toEqual([]);
  });

  it('draws a column per party and an arrow per message, labelled with method or status and time', async () => {
    const ladder = page.locator('#ladder-call-out-busy-sipforge');
    // Left to right on the page, whatever order mermaid writes them in.
    const actors = await ladder.locator('svg text.actor').evaluateAll((texts) =>
      texts.map((text) => ({ name: (text.textContent ?? '').trim(), x: text.getBoundingClientRect().x })).sort((a, b) => a.x - b.x).map((actor) => actor.name),
    );
    expect([...new Set(actors)]).toEqual(['alice', 'server', 'sipp carol']);
    expect(await ladder.locator('svg text.messageText').allTextContents()).toEqual([
      'INVITE · +0.000 s',
      'INVITE · +0.005 s',
      '200 OK (INVITE) · +0.020 s',
      '200 OK (INVITE) · +0.025 s',
    ]);
  });

  it('marks the failing message with what was expected', async () => {
    const note = await page.locator('#ladder-call-out-busy-sipforge svg text.noteText').allTextContents();
    expect(note).toEqual(['✖ the call events', 'expected failed 486 Busy', 'seen accepted 200']);
  });

  it('opens the whole message when an arrow’s label is clicked', async () => {
    await page.locator('#ladder-call-out-busy-sipforge svg text.messageText').nth(2).click();
    const dialog = page.locator('dialog#message');
    await expect.poll(() => dialog.evaluate((element) => (element as HTMLDialogElement).open)).toBe(true);
    expect(await dialog.locator('h3').textContent()).toBe('sipp carol → server: 200 OK (INVITE) (+0.020 s)');
    expect(await dialog.locator('pre').textContent()).toContain('To: <sip:carol@example.test>;tag=c9');
  });
});
