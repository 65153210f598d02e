/**
 * A small evaluator for the ARM template expression language, enough to resolve Signpost's templates the way Azure
 * Resource Manager would for a given set of parameters: which resources are deployed, with what names and settings.
 * Values only Azure knows at deployment time (reference(), list*()) come back as placeholders: RuntimeValue.
 *
 * It throws on any function it does not know, an undeclared parameter or variable, or a syntax error, so every
 * expression in a template it evaluates is at least well-formed and refers to things that exist.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A value Azure computes during deployment (e.g. reference(...).ConnectionString). */
export class RuntimeValue {
  constructor(readonly path: string) {}
  get(property: string): RuntimeValue {
    return new RuntimeValue(`${this.path}.${property}`);
  }
  toString(): string {
    return `<runtime:${this.path}>`;
  }
}

type Value = Json | RuntimeValue | undefined | Value[] | { [key: string]: Value };

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters?: Record<string, { type: string; defaultValue?: Json; allowedValues?: Json[]; minLength?: number; metadata?: { description?: string } }>;
  variables?: Record<string, Json>;
  resources: ArmResource[];
  outputs?: Record<string, { type: string; value: Json }>;
}

export interface ArmResource {
  type: string;
  apiVersion: string;
  name: string;
  condition?: Json;
  copy?: { name: string; count: Json };
  dependsOn?: string[];
  scope?: string;
  [key: string]: Json | undefined;
}

export interface Deployment {
  subscriptionId: string;
  tenantId: string;
  resourceGroup: { name: string; location: string };
}

export const TEST_DEPLOYMENT: Deployment = {
  subscriptionId: '11111111-2222-3333-4444-555555555555',
  tenantId: '66666666-7777-8888-9999-000000000000',
  resourceGroup: { name: 'signpost-rg', location: 'uksouth' },
};

// ---- parsing ------------------------------------------------------------------------------------------------------

type Node =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'property'; target: Node; name: string }
  | { kind: 'index'; target: Node; index: Node };

class Parser {
  private at = 0;
  constructor(private readonly text: string) {}

  parse(): Node {
    const node = this.expression();
    this.space();
    if (this.at !== this.text.length) this.fail('unexpected text');
    return node;
  }

  private fail(message: string): never {
    throw new Error(`ARM expression "${this.text}": ${message} at ${this.at}`);
  }

  private space(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at += 1;
  }

  private expression(): Node {
    this.space();
    let node = this.primary();
    for (;;) {
      this.space();
      const c = this.text[this.at];
      if (c === '.') {
        this.at += 1;
        node = { kind: 'property', target: node, name: this.identifier() };
      } else if (c === '[') {
        this.at += 1;
        const index = this.expression();
        this.space();
        if (this.text[this.at] !== ']') this.fail('expected ]');
        this.at += 1;
        node = { kind: 'index', target: node, index };
      } else return node;
    }
  }

  private primary(): Node {
    const c = this.text[this.at];
    if (c === "'") return { kind: 'string', value: this.stringLiteral() };
    if (c !== undefined && /[-0-9]/.test(c)) {
      const match = /^-?\d+/.exec(this.text.slice(this.at));
      if (!match) this.fail('bad number');
      this.at += match[0].length;
      return { kind: 'number', value: Number(match[0]) };
    }
    const name = this.identifier();
    this.space();
    if (this.text[this.at] !== '(') this.fail(`expected ( after ${name}`);
    this.at += 1;
    const args: Node[] = [];
    this.space();
    if (this.text[this.at] === ')') {
      this.at += 1;
      return { kind: 'call', name, args };
    }
    for (;;) {
      args.push(this.expression());
      this.space();
      const next = this.text[this.at];
      this.at += 1;
      if (next === ')') return { kind: 'call', name, args };
      if (next !== ',') this.fail('expected , or )');
    }
  }

  private identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at));
    if (!match) this.fail('expected a name');
    this.at += match[0].length;
    return match[0];
  }

  private stringLiteral(): string {
    let value = '';
    this.at += 1;
    for (;;) {
      const c = this.text[this.at];
      if (c === undefined) this.fail('unterminated string');
      if (c === "'") {
        if (this.text[this.at + 1] === "'") {
          value += "'";
          this.at += 2;
          continue;
        }
        this.at += 1;
        return value;
      }
      value += c;
      this.at += 1;
    }
  }
}

/** True when a template string is an expression ("[...]", but not an escaped "[[...").*/
export function isExpression(text: string): boolean {
  return text.startsWith('[') && text.endsWith(']') && !text.startsWith('[[');
}

// ---- evaluation ---------------------------------------------------------------------------------------------------

function asText(value: Value): string {
  if (value instanceof RuntimeValue) return value.toString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`expected a string, got ${JSON.stringify(value)}`);
}

function isEmpty(value: Value): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && !(value instanceof RuntimeValue)) return Object.keys(value).length === 0;
  return false;
}

/** A stable stand-in for uniqueString: 13 lowercase characters from the inputs. */
function uniqueString(parts: string[]): string {
  let hash = 0x811c9dc5;
  let out = '';
  const text = parts.join('|');
  while (out.length < 13) {
    for (const ch of text + out.length) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
    out += (hash % 36).toString(36);
  }
  return out.replace(/^[0-9]/, 'a');
}

export class ArmEvaluator {
  private readonly variableCache = new Map<string, Value>();
  private copyIndex: number | undefined;

  constructor(
    readonly template: ArmTemplate,
    readonly parameterValues: Record<string, Json>,
    readonly deployment: Deployment = TEST_DEPLOYMENT,
  ) {
    for (const name of Object.keys(parameterValues)) {
      if (!template.parameters?.[name]) throw new Error(`parameter ${name} is given but the template does not declare it`);
    }
  }

  parameter(name: string): Value {
    const declared = this.template.parameters?.[name];
    if (!declared) throw new Error(`parameters('${name}') is not declared`);
    const value = name in this.parameterValues ? this.parameterValues[name] : declared.defaultValue === undefined ? undefined : this.value(declared.defaultValue);
    if (value === undefined) throw new Error(`parameter ${name} has no value and no default`);
    if (declared.allowedValues && !declared.allowedValues.includes(value as Json)) throw new Error(`parameter ${name}: ${JSON.stringify(value)} is not one of ${JSON.stringify(declared.allowedValues)}`);
    return value;
  }

  variable(name: string): Value {
    if (!this.template.variables || !(name in this.template.variables)) throw new Error(`variables('${name}') is not declared`);
    if (!this.variableCache.has(name)) this.variableCache.set(name, this.value(this.template.variables[name]));
    return this.variableCache.get(name);
  }

  /** Evaluates a template value: strings that are expressions are evaluated, objects and arrays recursively. */
  value(json: Json | undefined): Value {
    if (typeof json === 'string') {
      if (json.startsWith('[[')) return json.slice(1);
      return isExpression(json) ? this.expression(json.slice(1, -1)) : json;
    }
    if (Array.isArray(json)) return json.map((item) => this.value(item));
    if (json && typeof json === 'object') return Object.fromEntries(Object.entries(json).map(([k, v]) => [asText(this.value(k)), this.value(v)]));
    return json;
  }

  expression(text: string): Value {
    return this.evaluate(new Parser(text).parse());
  }

  /** Evaluates with copyIndex() bound (a resource copy loop). */
  withCopyIndex<T>(index: number, work: () => T): T {
    const before = this.copyIndex;
    this.copyIndex = index;
    try {
      return work();
    } finally {
      this.copyIndex = before;
    }
  }

  resourceId(type: string, names: string[], group = this.deployment.resourceGroup.name, subscription = this.deployment.subscriptionId): string {
    const [namespace, ...types] = type.split('/');
    if (types.length !== names.length) throw new Error(`resourceId('${type}') needs ${types.length} name(s), got ${names.length}`);
    return `/subscriptions/${subscription}/resourceGroups/${group}/providers/${namespace}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
  }

  private evaluate(node: Node): Value {
    switch (node.kind) {
      case 'string':
      case 'number':
        return node.value;
      case 'property': {
        const target = this.evaluate(node.target);
        if (target instanceof RuntimeValue) return target.get(node.name);
        if (target && typeof target === 'object' && !Array.isArray(target) && node.name in target) return (target as Record<string, Value>)[node.name];
        throw new Error(`no property ${node.name} on ${JSON.stringify(target)}`);
      }
      case 'index': {
        const target = this.evaluate(node.target);
        const index = this.evaluate(node.index);
        if (target instanceof RuntimeValue) return target.get(`[${asText(index)}]`);
        if (Array.isArray(target) && typeof index === 'number' && index < target.length) return target[index];
        if (target && typeof target === 'object' && !Array.isArray(target) && typeof index === 'string' && index in target) return (target as Record<string, Value>)[index];
        throw new Error(`cannot index ${JSON.stringify(target)} with ${JSON.stringify(index)}`);
      }
      case 'call':
        return this.call(node.name, node.args);
    }
  }

  private call(name: string, argNodes: Node[]): Value {
    const fn = name.toLowerCase();
    // if() evaluates only the branch it takes, as ARM does.
    if (fn === 'if') {
      const [test, whenTrue, whenFalse] = argNodes;
      return this.evaluate(this.evaluate(test) === true ? whenTrue : whenFalse);
    }
    const args = argNodes.map((a) => this.evaluate(a));
    const text = (i: number) => asText(args[i]);
    switch (fn) {
      case 'parameters':
        return this.parameter(text(0));
      case 'variables':
        return this.variable(text(0));
      case 'concat':
        if (args.every(Array.isArray)) return (args as Value[][]).flat();
        return args.map(asText).join('');
      case 'format':
        // .NET composite formatting: {0} is an argument, {{ and }} are literal braces.
        return text(0).replace(/\{\{|\}\}|\{(\d+)\}/g, (match, i: string | undefined) => (i === undefined ? match[0] : asText(args[Number(i) + 1])));
      case 'empty':
        return isEmpty(args[0]);
      case 'not':
        return !args[0];
      case 'and':
        return args.every((a) => a === true);
      case 'or':
        return args.some((a) => a === true);
      case 'equals':
        return JSON.stringify(args[0]) === JSON.stringify(args[1]);
      case 'true':
        return true;
      case 'false':
        return false;
      case 'tolower':
        return text(0).toLowerCase();
      case 'toupper':
        return text(0).toUpperCase();
      case 'take':
        return Array.isArray(args[0]) ? args[0].slice(0, args[1] as number) : text(0).slice(0, args[1] as number);
      case 'length':
        return Array.isArray(args[0]) ? args[0].length : text(0).length;
      case 'replace':
        return text(0).split(text(1)).join(text(2));
      case 'uricomponent':
        return encodeURIComponent(text(0));
      case 'uniquestring':
        return uniqueString(args.map(asText));
      case 'guid':
        return `guid-${uniqueString(args.map(asText))}`;
      case 'coalesce':
        return args.find((a) => a !== null && a !== undefined) ?? null;
      case 'contains':
        return Array.isArray(args[0]) ? args[0].some((a) => JSON.stringify(a) === JSON.stringify(args[1])) : text(0).includes(text(1));
      case 'createobject': {
        const object: Record<string, Value> = {};
        for (let i = 0; i < args.length; i += 2) object[text(i)] = args[i + 1];
        return object;
      }
      case 'createarray':
        return args;
      case 'union':
        return Object.assign({}, ...(args as object[]));
      case 'copyindex':
        if (this.copyIndex === undefined) throw new Error('copyIndex() outside a copy loop');
        return this.copyIndex + ((args[0] as number | undefined) ?? 0);
      case 'resourcegroup':
        return { id: `/subscriptions/${this.deployment.subscriptionId}/resourceGroups/${this.deployment.resourceGroup.name}`, name: this.deployment.resourceGroup.name, location: this.deployment.resourceGroup.location };
      case 'subscription':
        return { id: `/subscriptions/${this.deployment.subscriptionId}`, subscriptionId: this.deployment.subscriptionId, tenantId: this.deployment.tenantId };
      case 'environment':
        return { name: 'AzureCloud', suffixes: { keyvaultDns: '.vault.azure.net', storage: 'core.windows.net' } };
      case 'resourceid': {
        const all = args.map(asText);
        const typeAt = all.findIndex((a) => /^[A-Za-z0-9]+\.[A-Za-z0-9.]+\//.test(a));
        if (typeAt < 0 || typeAt > 2) throw new Error(`resourceId(${all.join(', ')}): no resource type`);
        const scope = all.slice(0, typeAt);
        const [group, subscription] = scope.length === 2 ? [scope[1], scope[0]] : [scope[0], undefined];
        return this.resourceId(all[typeAt], all.slice(typeAt + 1), group, subscription);
      }
      case 'subscriptionresourceid':
        return `/subscriptions/${this.deployment.subscriptionId}/providers/${text(0)}/${args.slice(1).map(asText).join('/')}`;
      case 'reference':
        return new RuntimeValue(`reference(${args.map((a) => asText(a)).join(', ')})`);
      default:
        if (fn.startsWith('list')) return new RuntimeValue(`${name}(${args.map((a) => asText(a)).join(', ')})`);
        throw new Error(`the ARM function ${name}() is not supported by this evaluator`);
    }
  }
}

export interface DeployedResource {
  type: string;
  name: string;
  id: string;
  /** Every other property of the resource, evaluated. */
  body: Record<string, Value>;
  resource: ArmResource;
}

/** The resources a deployment with these parameters creates: conditions applied, copy loops expanded, all evaluated. */
export function deployedResources(evaluator: ArmEvaluator): DeployedResource[] {
  const out: DeployedResource[] = [];
  for (const resource of evaluator.template.resources) {
    const count = resource.copy ? (evaluator.value(resource.copy.count) as number) : 1;
    for (let i = 0; i < count; i += 1) {
      evaluator.withCopyIndex(i, () => {
        if (resource.condition !== undefined && evaluator.value(resource.condition) !== true) return;
        const name = asText(evaluator.value(resource.name));
        const body: Record<string, Value> = {};
        for (const [key, value] of Object.entries(resource)) {
          if (key !== 'copy' && key !== 'condition' && key !== 'name' && key !== 'type') body[key] = evaluator.value(value);
        }
        const id = resource.scope ? `${asText(body.scope)}/providers/${resource.type}/${name}` : evaluator.resourceId(resource.type, name.split('/'));
        out.push({ type: resource.type, name, id, body, resource });
      });
    }
  }
  return out;
}

/** Evaluates the template's outputs (those whose condition holds). */
export function outputs(evaluator: ArmEvaluator): Record<string, Value> {
  return Object.fromEntries(Object.entries(evaluator.template.outputs ?? {}).map(([name, output]) => [name, evaluator.value(output.value)]));
}
