import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from 'ts-morph';
import { headerCatalogue } from '../grammar/headers.js';
import { emitHeaderClass } from './header-classes.js';
import { emitHeaderTable, emitIndex } from './header-table.js';
import { compileParser, MESSAGE_RULES } from './parser.js';
import { parserTypings, parseRuleModule } from './support-files.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const generatedDir = join(root, 'generated');

/** Every file of generated/, path relative to the project root → content. */
function generate(): Map<string, string> {
  const out = new Map<string, string>();
  const grammar = readFileSync(join(root, 'grammar/sip.peggy'), 'utf8');
  const headerRules = headerCatalogue.map((h) => h.rule);
  out.set('generated/parser.js', compileParser(grammar, [...MESSAGE_RULES, ...new Set(headerRules)]));
  out.set('generated/parser.d.ts', parserTypings);
  out.set('generated/parse-rule.ts', parseRuleModule);

  const project = new Project({ useInMemoryFileSystem: true });
  const files = [
    ...headerCatalogue.map((spec) => emitHeaderClass(project, spec)),
    emitHeaderTable(project, headerCatalogue),
    emitIndex(project, headerCatalogue),
  ];
  for (const file of files) {
    file.formatText({ indentSize: 2, convertTabsToSpaces: true });
    out.set(file.getFilePath().replace(/^\//, ''), file.getFullText());
  }
  return out;
}

function existingFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

const files = generate();
if (process.argv.includes('--check')) {
  const stale: string[] = [];
  for (const [path, content] of files) {
    const full = join(root, path);
    if (!existsSync(full) || readFileSync(full, 'utf8') !== content) stale.push(path);
  }
  for (const path of existingFiles(generatedDir)) if (!files.has(path)) stale.push(`${path} (not generated)`);
  if (stale.length > 0) {
    console.error(`generated/ is out of sync with grammar/: run \`npm run codegen\`.\n  ${stale.sort().join('\n  ')}`);
    process.exit(1);
  }
  console.log(`generated/ is in sync (${files.size} files).`);
} else {
  rmSync(generatedDir, { recursive: true, force: true });
  for (const [path, content] of files) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  console.log(`wrote ${files.size} files to generated/`);
}
