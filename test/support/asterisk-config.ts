import { readFileSync } from 'node:fs';

/**
 * One section of an Asterisk configuration file as Asterisk's config loader reads it: `[name]`,
 * optionally `(!)` (a template), `(tpl1,tpl2)` (inherit those templates' entries first) or both.
 */
export interface AsteriskSection {
  name: string;
  template: boolean;
  /** Own entries and, ahead of them, those of the templates named, in order (`=` and `=>` alike). */
  entries: Array<[key: string, value: string]>;
}

/** Drops `;` comments (`\;` is a literal semicolon) and `;-- … --;` block comments. */
function stripComments(text: string): string[] {
  const lines: string[] = [];
  let inBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    let line = '';
    for (let i = 0; i < raw.length; i++) {
      if (inBlock) {
        if (raw.startsWith('--;', i)) {
          inBlock = false;
          i += 2;
        }
        continue;
      }
      if (raw.startsWith(';--', i)) {
        inBlock = true;
        i += 2;
        continue;
      }
      if (raw[i] === '\\' && raw[i + 1] === ';') {
        line += ';';
        i++;
        continue;
      }
      if (raw[i] === ';') break;
      line += raw[i];
    }
    lines.push(line.trim());
  }
  return lines;
}

/**
 * Parses an Asterisk configuration file (the subset these files use; `#include` and `#exec` are
 * refused, so that nothing outside the file is silently left out). Throws on a line Asterisk
 * would not read.
 */
export function parseAsteriskConfig(text: string): AsteriskSection[] {
  const sections: AsteriskSection[] = [];
  const byName = new Map<string, AsteriskSection[]>();
  let current: AsteriskSection | undefined;
  stripComments(text).forEach((line, index) => {
    if (line === '') return;
    const where = `line ${index + 1}: ${line}`;
    if (line.startsWith('#')) throw new Error(`directive not supported here, ${where}`);
    const header = /^\[([^\]]+)\](?:\(([^)]*)\))?$/.exec(line);
    if (header) {
      const options = (header[2] ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
      const entries: Array<[string, string]> = [];
      for (const option of options) {
        if (option === '!') continue;
        const template = (byName.get(option) ?? []).find((s) => s.template);
        if (!template) throw new Error(`unknown template ${option}, ${where}`);
        entries.push(...template.entries);
      }
      current = { name: header[1]!.trim(), template: options.includes('!'), entries };
      sections.push(current);
      byName.set(current.name, [...(byName.get(current.name) ?? []), current]);
      return;
    }
    const entry = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    if (!entry || !current) throw new Error(`not a section header or key = value, ${where}`);
    current.entries.push([entry[1]!.trim(), entry[2]!.trim()]);
  });
  return sections;
}

export function readAsteriskConfig(path: string): AsteriskSection[] {
  return parseAsteriskConfig(readFileSync(path, 'utf8'));
}

/** The last value of `key` in a section (Asterisk's loaders take the last for a single-valued option). */
export function value(section: AsteriskSection, key: string): string | undefined {
  return section.entries.filter(([k]) => k === key).at(-1)?.[1];
}

/** Every value of `key`, in order (`exten`, `same`, `noload` …). */
export function values(section: AsteriskSection, key: string): string[] {
  return section.entries.filter(([k]) => k === key).map(([, v]) => v);
}

/** The non-template sections named `name` whose `type` is `type` (pjsip.conf keeps one name for several types). */
export function sectionsOfType(sections: AsteriskSection[], name: string, type: string): AsteriskSection[] {
  return sections.filter((s) => !s.template && s.name === name && value(s, 'type') === type);
}

/**
 * The dialplan of one extension of a context in extensions.conf: its priorities' applications in
 * order (`exten => x,1,App(args)` and the `same => n,App(args)` lines after it), labels dropped.
 */
export function extensionSteps(context: AsteriskSection, extension: string): string[] {
  const steps: string[] = [];
  let inExtension = false;
  for (const [key, raw] of context.entries) {
    if (key === 'exten') {
      const [name, , ...app] = raw.split(',');
      inExtension = name!.trim() === extension;
      if (inExtension) steps.push(app.join(',').trim());
    } else if (key === 'same' && inExtension) {
      const [, ...app] = raw.split(',');
      steps.push(app.join(',').trim());
    }
  }
  return steps;
}
