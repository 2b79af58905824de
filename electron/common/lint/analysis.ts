// What a script's names stand for, as far as can be told without running it: the pychrono
// modules it imports (with their aliases), and the class of values built by simple
// assignments (`body = chrono.ChBodyEasyBox(...)`). Python's scoping rules decide which
// bindings a name can see; a name is only given a meaning when every binding it could see
// agrees. Anything else (parameters, loop variables, user classes, other modules) is
// unknown, so the lint never judges it.
import type { Node, Tree } from 'web-tree-sitter';
import type { ApiModel, ClassRef } from './api-model';
import { PYTHON_BUILTINS } from './python-builtins';
import { renamedModule, renamedName } from './renames';

export type Value =
  | { kind: 'module'; module: string; checked: boolean }
  /** The class objects themselves (`chrono.ChBody`); several when bindings differ. */
  | { kind: 'class'; classes: ClassRef[] }
  /** Instances of one of these classes. */
  | { kind: 'instance'; classes: ClassRef[] }
  | { kind: 'function'; module: string; name: string }
  /** A bare name found in no binding, no builtin and none of the star-imported modules. */
  | { kind: 'unbound' }
  | { kind: 'unknown' };

const UNKNOWN: Value = { kind: 'unknown' };

type Binding =
  | { kind: 'value'; value: Value }
  | { kind: 'expr'; node: Node; scope: Scope }
  | {
      kind: 'opaque';
    };

export interface Scope {
  kind: 'module' | 'function' | 'class' | 'comprehension';
  node: Node;
  parent: Scope | null;
  bindings: Map<string, Binding[]>;
  globals: Set<string>;
  nonlocals: Set<string>;
}

/** A module named by an import statement. */
export interface ImportedModule {
  /** The dotted_name node naming the module. */
  node: Node;
  module: string;
  statement: Node;
  guarded: boolean;
}

/** A name imported with `from module import name`. */
export interface ImportedName {
  node: Node;
  module: string;
  name: string;
  statement: Node;
  guarded: boolean;
}

/** An attribute read (`chrono.ChVectorD`, `body.SetPos`) with the scope it is read in. */
export interface AttributeUse {
  node: Node;
  scope: Scope;
  /** Inside a try whose handlers catch AttributeError: the script expects it may fail. */
  guarded: boolean;
}

/** A bare name used as a callee or an attribute's object (`ChVectorD(...)` after a star import). */
export interface NameUse {
  node: Node;
  scope: Scope;
  guarded: boolean;
}

interface StarImport {
  module: string;
  checked: boolean;
}

const FUNCTION_SCOPES = new Set(['function_definition', 'lambda']);
const COMPREHENSIONS = new Set([
  'list_comprehension',
  'set_comprehension',
  'dictionary_comprehension',
  'generator_expression',
]);
/** Handlers that make a failing attribute or import an expected path of the script. */
const CATCHING = new Set([
  'AttributeError',
  'NameError',
  'ImportError',
  'ModuleNotFoundError',
  'Exception',
  'BaseException',
]);

export function kids(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

/** The name a dotted_name or identifier node spells (`pychrono.core`). */
function dotted(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

export class ScriptAnalysis {
  readonly module: Scope;
  readonly scopes: Scope[] = [];
  readonly importedModules: ImportedModule[] = [];
  readonly importedNames: ImportedName[] = [];
  readonly attributes: AttributeUse[] = [];
  readonly names: NameUse[] = [];
  /** Attributes the script assigns somewhere (`obj.attr = ...`): never reported missing. */
  readonly writtenAttributes = new Set<string>();
  /** Names the script probes with hasattr/getattr: it knows they may be absent. */
  readonly probedNames = new Set<string>();
  /** Functions and methods the script defines (`def GetPos_dt(self)` is its own). */
  readonly definedFunctions = new Set<string>();
  private readonly stars: StarImport[] = [];
  private otherStar = false;
  private dynamicNames = false;
  private readonly values = new Map<number, Value>();
  private readonly resolving = new Set<number>();

  constructor(
    readonly tree: Tree,
    readonly api: ApiModel,
  ) {
    this.module = this.newScope('module', tree.rootNode, null);
    this.visitChildren(tree.rootNode, this.module, false);
  }

  /** The pychrono modules imported with `*`, in order. */
  get starModules(): string[] {
    return this.stars.map((s) => s.module);
  }

  /** Whether a name is bound anywhere in the script, in any scope. */
  isBoundAnywhere(name: string): boolean {
    return this.scopes.some((s) => s.bindings.has(name));
  }

  /** Whether the script imports pychrono at all. */
  get importsPychrono(): boolean {
    return this.importedModules.length > 0;
  }

  /** Whether bare names can be checked against the star-imported pychrono modules. */
  get bareNamesCheckable(): boolean {
    return this.stars.length > 0 && this.stars.every((s) => s.checked) && !this.otherStar;
  }

  /** The innermost scope holding a position (0-based row and column). */
  scopeAt(row: number, column: number): Scope {
    let best = this.module;
    for (const scope of this.scopes) {
      const { startPosition: s, endPosition: e } = scope.node;
      const after = row > s.row || (row === s.row && column >= s.column);
      const before = row < e.row || (row === e.row && column <= e.column);
      if (after && before && scope.node.startIndex >= best.node.startIndex) best = scope;
    }
    return best;
  }

  /** What an expression node evaluates to. */
  valueOf(node: Node, scope: Scope): Value {
    const cached = this.values.get(node.id);
    if (cached) return cached;
    const value = this.compute(node, scope);
    this.values.set(node.id, value);
    return value;
  }

  /** What a bare name means in a scope, by Python's rules (LEGB, class bodies excluded). */
  resolveName(name: string, scope: Scope): Value {
    let s: Scope | null = scope;
    if (s.kind === 'class') {
      const here = s.bindings.get(name);
      if (here) return this.combine(here);
      s = s.parent;
    }
    for (; s; s = s.parent) {
      if (s.kind === 'class') continue;
      if (s.globals.has(name)) return this.resolveName(name, this.module);
      if (s.nonlocals.has(name)) return UNKNOWN;
      const bindings = s.bindings.get(name);
      if (bindings) return this.combine(bindings);
    }
    return this.fromStars(name);
  }

  /** What `receiver.name` is, when the receiver is a module or a class of the index. */
  memberValue(receiver: Value, name: string): Value {
    if (receiver.kind !== 'module' || !receiver.checked) return UNKNOWN;
    const found = this.api.lookup(receiver.module, name);
    switch (found.kind) {
      case 'module':
        return { kind: 'module', module: found.module, checked: true };
      case 'unchecked':
        return UNKNOWN;
      case 'missing': {
        // Flow goes on with the new name, so what follows an old name is still checked.
        const renamed = renamedName(this.api, receiver.module, name);
        return renamed ? this.memberValue(receiver, renamed.name) : UNKNOWN;
      }
      case 'entry': {
        const home = receiver.module === 'pychrono' ? 'pychrono.core' : receiver.module;
        const entry = found.entry;
        if (entry.kind === 'class') return { kind: 'class', classes: [{ module: home, name }] };
        if (entry.kind === 'function') return { kind: 'function', module: home, name };
        if (entry.kind === 'constant' && entry.type) {
          const type =
            this.api.classInfo(home, entry.type) ?? this.api.classInfo('pychrono.core', entry.type);
          return type
            ? { kind: 'instance', classes: [{ module: type.module, name: type.name }] }
            : UNKNOWN;
        }
        return UNKNOWN;
      }
    }
  }

  private compute(node: Node, scope: Scope): Value {
    switch (node.type) {
      case 'identifier':
        return this.resolveName(node.text, scope);
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attribute = node.childForFieldName('attribute');
        if (!object || !attribute) return UNKNOWN;
        return this.memberValue(this.valueOf(object, scope), attribute.text);
      }
      case 'call': {
        const callee = node.childForFieldName('function');
        if (!callee) return UNKNOWN;
        const value = this.valueOf(callee, scope);
        return value.kind === 'class' ? { kind: 'instance', classes: value.classes } : UNKNOWN;
      }
      case 'parenthesized_expression': {
        const inner = kids(node);
        return inner.length === 1 ? this.valueOf(inner[0], scope) : UNKNOWN;
      }
      default:
        return UNKNOWN;
    }
  }

  /** One meaning from all the bindings a name can see, or unknown when they disagree. */
  private combine(bindings: Binding[]): Value {
    const values: Value[] = [];
    for (const binding of bindings) {
      if (binding.kind === 'opaque') return UNKNOWN;
      if (binding.kind === 'value') {
        values.push(binding.value);
        continue;
      }
      if (this.resolving.has(binding.node.id)) return UNKNOWN;
      this.resolving.add(binding.node.id);
      try {
        values.push(this.valueOf(binding.node, binding.scope));
      } finally {
        this.resolving.delete(binding.node.id);
      }
    }
    const [first] = values;
    if (!first || values.some((v) => v.kind !== first.kind)) return UNKNOWN;
    if (first.kind === 'module') {
      return values.every((v) => v.kind === 'module' && v.module === first.module)
        ? first
        : UNKNOWN;
    }
    if (first.kind === 'class' || first.kind === 'instance') {
      const classes: ClassRef[] = [];
      for (const v of values as Array<Extract<Value, { kind: 'class' | 'instance' }>>) {
        for (const ref of v.classes) {
          if (!classes.some((c) => c.module === ref.module && c.name === ref.name))
            classes.push(ref);
        }
      }
      return { kind: first.kind, classes };
    }
    if (first.kind === 'function') {
      return values.every((v) => v.kind === 'function' && v.name === first.name) ? first : UNKNOWN;
    }
    return UNKNOWN;
  }

  /** A name bound nowhere: a builtin, or one of the star-imported modules' names. */
  private fromStars(name: string): Value {
    if (PYTHON_BUILTINS.has(name) || name.startsWith('__')) return UNKNOWN;
    if (this.otherStar || this.dynamicNames) return UNKNOWN;
    for (const star of [...this.stars].reverse()) {
      if (!star.checked) return UNKNOWN;
      if (this.api.lookup(star.module, name).kind === 'missing') continue;
      return this.memberValue({ kind: 'module', module: star.module, checked: true }, name);
    }
    return this.stars.length > 0 ? { kind: 'unbound' } : UNKNOWN;
  }

  // ---- collecting scopes, bindings and uses ----

  private newScope(kind: Scope['kind'], node: Node, parent: Scope | null): Scope {
    const scope: Scope = {
      kind,
      node,
      parent,
      bindings: new Map(),
      globals: new Set(),
      nonlocals: new Set(),
    };
    // Declarations are rare: the walk is skipped when the text has none.
    const declares = kind === 'function' || kind === 'module';
    if (declares && /\b(global|nonlocal)\b/.test(node.text)) this.collectDeclarations(node, scope);
    this.scopes.push(scope);
    return scope;
  }

  /** `global` and `nonlocal` names of a function (not of the functions nested in it). */
  private collectDeclarations(node: Node, scope: Scope): void {
    for (const child of kids(node)) {
      if (child.type === 'global_statement' || child.type === 'nonlocal_statement') {
        const target = child.type === 'global_statement' ? scope.globals : scope.nonlocals;
        for (const id of kids(child)) if (id.type === 'identifier') target.add(id.text);
      } else if (!FUNCTION_SCOPES.has(child.type) && child.type !== 'class_definition') {
        this.collectDeclarations(child, scope);
      }
    }
  }

  private bind(scope: Scope, name: string, binding: Binding): void {
    let target = scope;
    if (scope.globals.has(name)) target = this.module;
    const list = target.bindings.get(name);
    if (list) list.push(binding);
    else target.bindings.set(name, [binding]);
  }

  /** Binds every name a target pattern introduces, as opaque (tuples, loop variables...). */
  private bindPattern(node: Node, scope: Scope, guarded: boolean): void {
    switch (node.type) {
      case 'identifier':
        this.bind(scope, node.text, { kind: 'opaque' });
        return;
      case 'attribute':
      case 'subscript':
        this.markStore(node, scope, guarded);
        return;
      default:
        for (const child of kids(node)) this.bindPattern(child, scope, guarded);
    }
  }

  /** `obj.attr = ...`: the attribute is the script's own; its object is still read. */
  private markStore(node: Node, scope: Scope, guarded: boolean): void {
    if (node.type === 'attribute') {
      const attribute = node.childForFieldName('attribute');
      if (attribute) this.writtenAttributes.add(attribute.text);
      const object = node.childForFieldName('object');
      if (object) this.visit(object, scope, guarded);
    } else {
      this.visitChildren(node, scope, guarded);
    }
  }

  private visitChildren(node: Node, scope: Scope, guarded: boolean): void {
    for (const child of kids(node)) this.visit(child, scope, guarded);
  }

  private visit(node: Node, scope: Scope, guarded: boolean): void {
    switch (node.type) {
      case 'import_statement':
        return this.visitImport(node, scope, guarded);
      case 'import_from_statement':
        return this.visitImportFrom(node, scope, guarded);
      case 'future_import_statement':
        return;
      case 'assignment':
        return this.visitAssignment(node, scope, guarded);
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left) this.bindPattern(left, scope, guarded);
        if (right) this.visit(right, scope, guarded);
        return;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        let target = scope;
        while (target.kind === 'comprehension' && target.parent) target = target.parent;
        if (name && value) this.bind(target, name.text, { kind: 'expr', node: value, scope });
        if (value) this.visit(value, scope, guarded);
        return;
      }
      case 'for_statement':
      case 'for_in_clause': {
        const left = node.childForFieldName('left');
        if (left) this.bindPattern(left, scope, guarded);
        for (const child of kids(node)) {
          if (!left || !child.equals(left)) this.visit(child, scope, guarded);
        }
        return;
      }
      case 'with_item':
        return this.visitWithItem(node, scope, guarded);
      case 'case_pattern':
        // Every name in a pattern may be bound by it: all of them are opaque.
        for (const id of node.descendantsOfType('identifier')) {
          if (id) this.bind(scope, id.text, { kind: 'opaque' });
        }
        return;
      case 'except_clause':
        return this.visitExcept(node, scope, guarded);
      case 'try_statement':
        return this.visitTry(node, scope, guarded);
      case 'delete_statement':
        for (const child of kids(node)) this.bindPattern(child, scope, guarded);
        return;
      case 'global_statement':
      case 'nonlocal_statement':
        return;
      case 'function_definition':
        return this.visitFunction(node, scope, guarded);
      case 'lambda':
        return this.visitLambda(node, scope, guarded);
      case 'class_definition':
        return this.visitClass(node, scope, guarded);
      case 'attribute': {
        this.attributes.push({ node, scope, guarded });
        const object = node.childForFieldName('object');
        if (object?.type === 'identifier') this.names.push({ node: object, scope, guarded });
        else if (object) this.visit(object, scope, guarded);
        return;
      }
      case 'call':
        return this.visitCall(node, scope, guarded);
      default:
        if (COMPREHENSIONS.has(node.type)) {
          const inner = this.newScope('comprehension', node, scope);
          this.visitChildren(node, inner, guarded);
          return;
        }
        this.visitChildren(node, scope, guarded);
    }
  }

  private visitCall(node: Node, scope: Scope, guarded: boolean): void {
    const callee = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (callee?.type === 'identifier') {
      this.names.push({ node: callee, scope, guarded });
      const name = callee.text;
      if (['exec', 'eval', 'globals', 'locals', 'vars', '__import__'].includes(name)) {
        this.dynamicNames = true;
      }
      if ((name === 'hasattr' || name === 'getattr' || name === 'setattr') && args) {
        const literal = kids(args)[1];
        if (literal?.type === 'string') {
          const text = literal.text.replace(/^[rbuf]*['"]{1,3}|['"]{1,3}$/gi, '');
          this.probedNames.add(text);
          if (name === 'setattr') this.writtenAttributes.add(text);
        }
      }
    } else if (callee) {
      this.visit(callee, scope, guarded);
    }
    if (args) this.visit(args, scope, guarded);
  }

  private visitAssignment(node: Node, scope: Scope, guarded: boolean): void {
    const left = node.childForFieldName('left');
    let right = node.childForFieldName('right');
    // `a = b = value`: every target gets the innermost value.
    const targets: Node[] = left ? [left] : [];
    while (right?.type === 'assignment') {
      const next = right.childForFieldName('left');
      if (next) targets.push(next);
      right = right.childForFieldName('right');
    }
    for (const target of targets) {
      if (target.type === 'identifier' && right) {
        this.bind(scope, target.text, { kind: 'expr', node: right, scope });
      } else {
        this.bindPattern(target, scope, guarded);
      }
    }
    const annotation = node.childForFieldName('type');
    if (annotation) this.visit(annotation, scope, guarded);
    if (right) this.visit(right, scope, guarded);
  }

  /** `with open(f) as name`: the value is read, the name bound opaque. */
  private visitWithItem(node: Node, scope: Scope, guarded: boolean): void {
    const value = node.childForFieldName('value');
    if (value?.type !== 'as_pattern') {
      if (value) this.visit(value, scope, guarded);
      return;
    }
    for (const child of kids(value)) {
      if (child.type === 'as_pattern_target') this.bindPattern(child, scope, guarded);
      else this.visit(child, scope, guarded);
    }
  }

  private visitExcept(node: Node, scope: Scope, guarded: boolean): void {
    const alias = node.childForFieldName('alias');
    if (alias) this.bindPattern(alias, scope, guarded);
    for (const child of kids(node)) {
      if (alias && child.equals(alias)) continue;
      if (child.type === 'as_pattern') {
        const [value, ...targets] = kids(child);
        if (value) this.visit(value, scope, guarded);
        for (const t of targets) this.bindPattern(t, scope, guarded);
        continue;
      }
      this.visit(child, scope, guarded);
    }
  }

  private visitTry(node: Node, scope: Scope, guarded: boolean): void {
    const handlers = kids(node).filter((c) => c.type === 'except_clause');
    const catches = handlers.some((h) => {
      const caught = kids(h).filter((c) => c.type !== 'block');
      if (caught.length === 0) return true; // a bare except
      return caught.some((c) =>
        (c.text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).some((n) => CATCHING.has(n)),
      );
    });
    for (const child of kids(node)) {
      const isBody = child.type === 'block';
      this.visit(child, scope, guarded || (isBody && catches));
    }
  }

  private visitFunction(node: Node, scope: Scope, guarded: boolean): void {
    const name = node.childForFieldName('name');
    if (name) {
      this.bind(scope, name.text, { kind: 'opaque' });
      this.definedFunctions.add(name.text);
    }
    const inner = this.newScope('function', node, scope);
    const params = node.childForFieldName('parameters');
    if (params) this.visitParameters(params, scope, inner, guarded);
    const returns = node.childForFieldName('return_type');
    if (returns) this.visit(returns, scope, guarded);
    const body = node.childForFieldName('body');
    if (body) this.visitChildren(body, inner, guarded);
  }

  private visitLambda(node: Node, scope: Scope, guarded: boolean): void {
    const inner = this.newScope('function', node, scope);
    const params = node.childForFieldName('parameters');
    if (params) this.visitParameters(params, scope, inner, guarded);
    const body = node.childForFieldName('body');
    if (body) this.visit(body, inner, guarded);
  }

  /** Parameters are opaque names of the function; defaults and annotations are read outside. */
  private visitParameters(params: Node, outer: Scope, inner: Scope, guarded: boolean): void {
    for (const param of kids(params)) {
      switch (param.type) {
        case 'identifier':
          this.bind(inner, param.text, { kind: 'opaque' });
          break;
        case 'default_parameter':
        case 'typed_default_parameter': {
          const name = param.childForFieldName('name');
          if (name) this.bindPattern(name, inner, guarded);
          const value = param.childForFieldName('value');
          if (value) this.visit(value, outer, guarded);
          const type = param.childForFieldName('type');
          if (type) this.visit(type, outer, guarded);
          break;
        }
        case 'typed_parameter':
          for (const c of kids(param)) {
            if (c.type === 'type') this.visit(c, outer, guarded);
            else this.bindPattern(c, inner, guarded);
          }
          break;
        default:
          this.bindPattern(param, inner, guarded);
      }
    }
  }

  private visitClass(node: Node, scope: Scope, guarded: boolean): void {
    const name = node.childForFieldName('name');
    if (name) this.bind(scope, name.text, { kind: 'opaque' });
    const bases = node.childForFieldName('superclasses');
    if (bases) this.visit(bases, scope, guarded);
    const inner = this.newScope('class', node, scope);
    const body = node.childForFieldName('body');
    if (body) this.visitChildren(body, inner, guarded);
  }

  private visitImport(node: Node, scope: Scope, guarded: boolean): void {
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      const nameNode = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
      const alias = item.type === 'aliased_import' ? item.childForFieldName('alias') : null;
      if (!nameNode) continue;
      const full = dotted(nameNode);
      const meant = this.meantModule(full);
      if (meant) {
        this.importedModules.push({ node: nameNode, module: full, statement: node, guarded });
      }
      if (alias) {
        this.bind(
          scope,
          alias.text,
          meant ? { kind: 'value', value: this.moduleValue(meant) } : { kind: 'opaque' },
        );
      } else {
        const head = full.split('.')[0];
        const headMeant = this.meantModule(head);
        this.bind(
          scope,
          head,
          headMeant && meant
            ? { kind: 'value', value: this.moduleValue(headMeant) }
            : { kind: 'opaque' },
        );
      }
    }
  }

  private visitImportFrom(node: Node, scope: Scope, guarded: boolean): void {
    const moduleNode = node.childForFieldName('module_name');
    const full = moduleNode && moduleNode.type === 'dotted_name' ? dotted(moduleNode) : null;
    const meant = full ? this.meantModule(full) : null;
    if (moduleNode && full && meant) {
      this.importedModules.push({ node: moduleNode, module: full, statement: node, guarded });
    }
    const star = kids(node).some((c) => c.type === 'wildcard_import');
    if (star) {
      if (meant && this.api.hasModule(meant)) this.stars.push({ module: meant, checked: true });
      else if (meant && this.api.isChronoModule(meant))
        this.stars.push({ module: meant, checked: false });
      else this.otherStar = true;
      return;
    }
    const moduleValue = meant ? this.moduleValue(meant) : null;
    for (const item of node.childrenForFieldName('name')) {
      if (!item) continue;
      const nameNode = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
      const alias = item.type === 'aliased_import' ? item.childForFieldName('alias') : null;
      if (!nameNode) continue;
      const name = dotted(nameNode);
      const bound = (alias ?? nameNode).text;
      if (!moduleValue || moduleValue.kind !== 'module' || !moduleValue.checked) {
        this.bind(scope, bound, { kind: 'opaque' });
        continue;
      }
      if (meant)
        this.importedNames.push({ node: nameNode, module: meant, name, statement: node, guarded });
      const value = this.memberValue(moduleValue, name);
      this.bind(
        scope,
        bound,
        value.kind === 'unknown' ? { kind: 'opaque' } : { kind: 'value', value },
      );
    }
  }

  /** The pychrono module an import names (also through a known mistaken name), or null. */
  private meantModule(full: string): string | null {
    if (full === 'pychrono' || full.startsWith('pychrono.')) return full;
    const renamed = renamedModule(full);
    return renamed && renamed.to.startsWith('pychrono') ? renamed.to : null;
  }

  private moduleValue(module: string): Value {
    return { kind: 'module', module, checked: this.api.hasModule(module) };
  }
}
