import { type MethodDeclarationStructure, type Project, type SourceFile, StructureKind } from 'ts-morph';
import { headerKinds, type FieldSpec, type HeaderSpec, type ParamAccessor } from '../grammar/header-spec.js';
import { kindImports, kindSerialisers } from './kind-serialisers.js';
import { className, fileName, GENERATED_BANNER } from './naming.js';

const VALUES_MODULE = '../../src/syntax/values/index.js';

function fieldType(field: FieldSpec): string {
  return field.optional ? `${field.type} | undefined` : field.type;
}

function accessorType(accessor: ParamAccessor): string {
  switch (accessor.type) {
    case 'string':
      return 'string | undefined';
    case 'number':
      return 'number | undefined';
    case 'flag':
      return 'boolean';
    case 'numberOrFlag':
      return 'number | true | undefined';
  }
}

function accessorGetter(accessor: ParamAccessor): string {
  const param = JSON.stringify(accessor.param);
  switch (accessor.type) {
    case 'string':
      return `const value = this.params.get(${param});\nreturn value ?? undefined;`;
    case 'number':
      return `return toNumber(this.params.get(${param}));`;
    case 'flag':
      return `return this.params.has(${param});`;
    case 'numberOrFlag':
      return `const value = this.params.get(${param});\nreturn value === null ? true : toNumber(value);`;
  }
}

function accessorSetter(accessor: ParamAccessor): string {
  const param = JSON.stringify(accessor.param);
  switch (accessor.type) {
    case 'flag':
      return `if (value) this.params.set(${param}, null);\nelse this.params.delete(${param});`;
    case 'numberOrFlag':
      return `if (value === undefined) this.params.delete(${param});\nelse this.params.set(${param}, value === true ? null : String(value));`;
    default:
      return `if (value === undefined) this.params.delete(${param});\nelse this.params.set(${param}, String(value));`;
  }
}

/** Emit `generated/headers/<name>-header.ts`: the typed class of one catalogue entry. */
export function emitHeaderClass(project: Project, spec: HeaderSpec): SourceFile {
  const name = className(spec.name);
  const fields: FieldSpec[] = headerKinds[spec.kind];
  const hasParams = fields.some((f) => f.name === 'params');
  const file = project.createSourceFile(`generated/headers/${fileName(spec.name)}.ts`, '', { overwrite: true });

  const valueImports = new Set<string>();
  for (const f of fields) if (f.type === 'URI' || f.type === 'Parameters') valueImports.add(f.type);
  for (const extra of kindImports[spec.kind] ?? []) valueImports.add(extra);
  if (spec.params?.some((a) => a.type === 'number' || a.type === 'numberOrFlag')) valueImports.add('toNumber');
  if (spec.tolerant) valueImports.add('NonConformingHeader').add('SipParseError');
  if (valueImports.size > 0) {
    file.addImportDeclaration({
      moduleSpecifier: VALUES_MODULE,
      namedImports: [...valueImports].sort(),
      isTypeOnly: false,
    });
  }
  file.addImportDeclaration({ moduleSpecifier: '../parse-rule.js', namedImports: spec.tolerant ? ['parseRule', 'tryParseRule'] : ['parseRule'] });

  file.addInterface({
    name: `${name}Fields`,
    isExported: true,
    docs: [`The fields of one ${spec.name} value, as the grammar rule \`${spec.rule}\` returns them.`],
    properties: fields.map((f) => ({ name: f.name, type: fieldType(f), hasQuestionToken: f.optional === true, docs: [f.doc] })),
  });

  const listNote = spec.list === 'single' ? 'a single value' : `a ${spec.list}-separated list; one instance per value`;
  file.addClass({
    name,
    isExported: true,
    docs: [`${spec.name} (${spec.source}); ${listNote}.`],
    properties: [
      { name: 'headerName', isStatic: true, isReadonly: true, initializer: JSON.stringify(spec.name) },
      ...(spec.tolerant
        ? [{ name: 'conforms', type: 'true', isReadonly: true, initializer: 'true', docs: ['The value matched the grammar; one that did not is a NonConformingHeader.'] }]
        : []),
      ...fields.map((f) => ({ name: f.name, type: fieldType(f), docs: [f.doc] })),
    ],
    ctors: [
      {
        parameters: [{ name: 'fields', type: `${name}Fields` }],
        statements: fields.map((f) => `this.${f.name} = fields.${f.name};`),
      },
    ],
    getAccessors: (spec.params ?? []).map((a) => ({
      name: a.accessor,
      returnType: accessorType(a),
      docs: [`The \`${a.param}\` parameter.`],
      statements: accessorGetter(a),
    })),
    setAccessors: (spec.params ?? []).map((a) => ({
      name: a.accessor,
      parameters: [{ name: 'value', type: accessorType(a) }],
      statements: accessorSetter(a),
    })),
    methods: [
      ...(spec.tolerant ? [tolerantParse(spec, name)] : []),
      {
        name: spec.tolerant ? 'parseStrict' : 'parse',
        isStatic: true,
        docs: [`Parse a ${spec.name} header value (without the name and colon)${spec.tolerant ? ' by its grammar alone' : ''}; throws SipParseError.`],
        parameters: [{ name: 'value', type: 'string' }],
        returnType: `${name}[]`,
        statements: `return ${fromFields(spec, name, `parseRule(${JSON.stringify(spec.rule)}, value)`)};`,
      },
      {
        name: 'clone',
        docs: ['A deep copy (URI and parameters included), safe to modify.'],
        returnType: name,
        statements: `return new ${name}({ ${fields.map((f) => `${f.name}: ${cloneExpr(f)}`).join(', ')} });`,
      },
      {
        name: 'toString',
        returnType: 'string',
        statements: `return ${kindSerialisers[spec.kind]};`,
      },
    ],
  });
  if (!hasParams && spec.params?.length) throw new Error(`${spec.name}: kind ${spec.kind} has no params field for accessors`);
  file.insertText(0, GENERATED_BANNER);
  return file;
}

/** The typed values made from what the grammar rule returned (`fields`, an expression). */
function fromFields(spec: HeaderSpec, name: string, fields: string): string {
  return spec.list === 'single' ? `[new ${name}(${fields} as ${name}Fields)]` : `(${fields} as ${name}Fields[]).map((fields) => new ${name}(fields))`;
}

/**
 * `parse` of an informational header: the grammar first; a value outside it is kept whole as
 * a NonConformingHeader (one per line, even for a comma list: where its items end is exactly
 * what the grammar could not tell).
 */
function tolerantParse(spec: HeaderSpec, name: string): MethodDeclarationStructure {
  return {
    kind: StructureKind.Method,
    name: 'parse',
    isStatic: true,
    docs: [
      `Parse a ${spec.name} header value (without the name and colon). ${spec.name} is informational: a value outside ` +
        'its grammar comes back as a NonConformingHeader holding the text as received, never as an error.',
    ],
    parameters: [{ name: 'value', type: 'string' }],
    returnType: `(${name} | NonConformingHeader)[]`,
    statements: [
      `const fields = tryParseRule(${JSON.stringify(spec.rule)}, value);`,
      `if (fields instanceof SipParseError) return [new NonConformingHeader(${JSON.stringify(spec.name)}, value, fields)];`,
      `return ${fromFields(spec, name, 'fields')};`,
    ],
  };
}

function cloneExpr(f: FieldSpec): string {
  if (f.type === 'URI' || f.type === 'Parameters') return f.optional ? `this.${f.name}?.clone()` : `this.${f.name}.clone()`;
  if (f.type === 'Date') return `new Date(this.${f.name}.getTime())`;
  return `this.${f.name}`;
}
