import { type Project, type SourceFile, VariableDeclarationKind } from 'ts-morph';
import type { HeaderSpec } from '../grammar/header-spec.js';
import { className, fileName, GENERATED_BANNER } from './naming.js';

/** Emit `generated/header-table.ts`: name and compact form → definition, and the name → class type map. */
export function emitHeaderTable(project: Project, catalogue: HeaderSpec[]): SourceFile {
  const file = project.createSourceFile('generated/header-table.ts', '', { overwrite: true });
  for (const spec of catalogue) {
    file.addImportDeclaration({ moduleSpecifier: `./headers/${fileName(spec.name)}.js`, namedImports: [className(spec.name)] });
  }
  file.addImportDeclaration({ moduleSpecifier: '../src/syntax/values/index.js', isTypeOnly: true, namedImports: ['NonConformingHeader'] });
  file.addTypeAlias({
    name: 'HeaderValue',
    isExported: true,
    docs: ['Any typed header value the catalogue defines, or the text of an informational header outside its grammar.'],
    type: [...catalogue.map((s) => className(s.name)), 'NonConformingHeader'].join(' | '),
  });
  file.addInterface({
    name: 'HeaderDefinition',
    isExported: true,
    docs: ['How one header is named, listed and parsed.'],
    properties: [
      { name: 'name', type: 'string', isReadonly: true, docs: ['canonical spelling'] },
      { name: 'compact', type: 'string | undefined', isReadonly: true, docs: ['compact form (RFC 3261 §7.3.3)'] },
      { name: 'list', type: "'comma' | 'semicolon' | 'single'", isReadonly: true },
      {
        name: 'parse',
        type: '(value: string) => HeaderValue[]',
        isReadonly: true,
        docs: ['parse one header line value; throws SipParseError, except for an informational header, whose value outside the grammar comes back as a NonConformingHeader'],
      },
      { name: 'parseStrict', type: '(value: string) => HeaderValue[]', isReadonly: true, docs: ['parse one header line value by the grammar alone; throws SipParseError for every header'] },
      { name: 'tolerant', type: 'boolean', isReadonly: true, docs: ['an informational header: `parse` keeps a value outside the grammar as text (grammar/headers.ts)'] },
    ],
  });
  const keys: string[] = [];
  for (const spec of catalogue) {
    const type = spec.tolerant ? `${className(spec.name)} | NonConformingHeader` : className(spec.name);
    keys.push(`${JSON.stringify(spec.name)}: ${type};`);
    keys.push(`${JSON.stringify(spec.name.toLowerCase())}: ${type};`);
    if (spec.compact) keys.push(`${JSON.stringify(spec.compact)}: ${type};`);
  }
  file.addStatements([
    '/** Header name (canonical, lower case, or compact) → its typed class, for `message.header(name)`. */',
    `export interface HeaderTypes {\n${keys.join('\n')}\n}`,
  ]);
  const entries: string[] = [];
  for (const spec of catalogue) {
    const cls = className(spec.name);
    const strict = spec.tolerant ? `${cls}.parseStrict` : `${cls}.parse`;
    const def = `{ name: ${JSON.stringify(spec.name)}, compact: ${spec.compact ? JSON.stringify(spec.compact) : 'undefined'}, list: ${JSON.stringify(spec.list)}, parse: ${cls}.parse, parseStrict: ${strict}, tolerant: ${spec.tolerant === true} }`;
    const id = `${className(spec.name).replace(/Header$/, '')}Definition`;
    file.addVariableStatement({ declarationKind: VariableDeclarationKind.Const, declarations: [{ name: id, type: 'HeaderDefinition', initializer: def }] });
    entries.push(`[${JSON.stringify(spec.name.toLowerCase())}, ${id}]`);
    if (spec.compact) entries.push(`[${JSON.stringify(spec.compact)}, ${id}]`);
  }
  file.addStatements([
    '/** Lower-case header name or compact form → definition. */',
    `export const headerDefinitions: ReadonlyMap<string, HeaderDefinition> = new Map<string, HeaderDefinition>([\n${entries.join(',\n')},\n]);`,
  ]);
  file.insertText(0, GENERATED_BANNER);
  return file;
}

/** Emit `generated/index.ts`, the one module `src/syntax` imports. */
export function emitIndex(project: Project, catalogue: HeaderSpec[]): SourceFile {
  const file = project.createSourceFile('generated/index.ts', '', { overwrite: true });
  for (const spec of catalogue) {
    file.addExportDeclaration({
      moduleSpecifier: `./headers/${fileName(spec.name)}.js`,
      namedExports: [className(spec.name)],
    });
    file.addExportDeclaration({
      moduleSpecifier: `./headers/${fileName(spec.name)}.js`,
      isTypeOnly: true,
      namedExports: [`${className(spec.name)}Fields`],
    });
  }
  file.addExportDeclaration({ moduleSpecifier: './header-table.js', namedExports: ['headerDefinitions'] });
  file.addExportDeclaration({
    moduleSpecifier: './header-table.js',
    isTypeOnly: true,
    namedExports: ['HeaderDefinition', 'HeaderTypes', 'HeaderValue'],
  });
  file.addExportDeclaration({ moduleSpecifier: './parse-rule.js', namedExports: ['parseRule'] });
  file.insertText(0, GENERATED_BANNER);
  return file;
}
