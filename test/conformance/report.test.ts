import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../conformance/report-builder/html-report.js';
import { junitReport } from '../../conformance/report-builder/junit-report.js';
import { sampleReport } from './sample-report.js';

describe('the HTML report', () => {
  const html = htmlReport(sampleReport(), { mermaid: '/* mermaid */' });

  it('is one page with no external reference: styles, data and scripts inline', () => {
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).toContain('<script>/* mermaid */</script>');
  });

  it('has a summary row per scenario with a column per UA and the note where they disagree', () => {
    expect(html).toContain('<th>sipforge</th><th>sip.js-0.7.8</th>');
    expect(html).toMatch(/<a href="#call-out-busy">call-out-busy<\/a><\/td><td>RFC 3261 §13\.2\.2\.3<\/td><td class="failed">✖ failed/);
    expect(html).toContain('sipforge fails where sip.js-0.7.8 passes');
  });

  it('puts failures first, with the expected and the seen outcome', () => {
    expect(html.indexOf('<section class="scenario" id="call-out-busy">')).toBeLessThan(html.indexOf('<section class="scenario" id="register-digest">'));
    expect(html).toContain('<td>the call events</td><td><code>[&quot;failed 486 Busy&quot;]</code></td><td><code>[&quot;accepted 200&quot;]</code></td>');
  });

  it('keeps every message (escaped) and the logs, and gives skipped scenarios their reason', () => {
    expect(html).toContain('INVITE sip:carol@example.test SIP/2.0');
    expect(html).toContain('From: &lt;sip:alice@example.test&gt;;tag=a1');
    expect(html).toContain('kamailio: listening on udp:127.0.0.1');
    expect(html).toContain('sip.js-0.7.8: it sends RFC 4733 digits only through a WebRTC RTCDTMFSender');
  });

  it('carries the ladders as JSON that cannot end its script element', () => {
    const json = /<script type="application\/json" id="ladders">(.*?)<\/script>/s.exec(html)![1]!;
    expect(json).not.toContain('<');
    const ladders = JSON.parse(json) as Record<string, { mermaid: string; arrows: unknown[] }>;
    expect(Object.keys(ladders).sort()).toEqual(['ladder-call-out-busy-sip_js-0_7_8', 'ladder-call-out-busy-sipforge', 'ladder-register-digest-sipforge']);
    expect(ladders['ladder-call-out-busy-sipforge']!.mermaid).toContain('rect rgba(220, 40, 40, 0.22)');
  });
});

describe('the JUnit report', () => {
  const xml = junitReport(sampleReport());

  it('has a suite per UA and a test case per scenario: failures with their reason, skips as skipped', () => {
    expect(xml).toMatch(/<testsuite name="conformance kamailio sipforge" timestamp="2026-01-01T12:00:00.000Z" time="4" tests="3" failures="1" errors="0" skipped="1">/);
    expect(xml).toMatch(/<testsuite name="conformance kamailio sip.js-0.7.8" timestamp="[^"]+" time="3" tests="2" failures="0" errors="0" skipped="0">/);
    expect(xml).toContain('<testcase classname="conformance.kamailio.sipforge.calls-out" name="call-out-busy: a call to a busy callee" time="1.5">');
    expect(xml).toContain('<failure message="the call events: expected [&quot;failed 486 Busy&quot;], seen [&quot;accepted 200&quot;]" type="ConformanceFailure"/>');
    expect(xml).toMatch(/<testcase classname="conformance.kamailio.sipforge.mid-call" name="dtmf-rfc4733: RFC 4733 DTMF" time="0">\s*<skipped\/>/);
  });
});
