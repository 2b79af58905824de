// The PyChrono lint: every name a script takes from pychrono is checked against the API
// index; a name that is not there is reported with its 9.0 successor, the module that does
// have it, or the closest names. Only what is certain is reported: a value whose class is
// unknown, a module outside the index, code guarded by try/except or hasattr, attributes
// the script sets itself, are never judged.
import type { Node, Tree } from 'web-tree-sitter';
import { ScriptAnalysis, type Scope, kids } from './analysis';
import { ApiModel, CHRONO_PYTHON_MODULES, type ClassInfo } from './api-model';
import type { ApiIndex } from '../contract/api-index';
import type { LintFix, LintProblem, TextRange } from './problem';
import {
  MODULE_RENAMES,
  RENAMED_MEMBERS,
  RENAMED_NAMES,
  removedMember,
  removedName,
  renamedMember,
  renamedMemberOfUnknown,
  renamedModule,
  renamedName,
} from './renames';
import { nearMisses } from './suggest';

/** Aliases a new import gets, as Chrono's own demos write them. */
const MODULE_ALIASES: Readonly<Record<string, string>> = {
  'pychrono.core': 'chrono',
  'pychrono.fea': 'fea',
  'pychrono.irrlicht': 'chronoirr',
  'pychrono.vehicle': 'veh',
  'pychrono.robot': 'robot',
};

const SWIG_MEMBERS = new Set(['this', 'thisown']);

/** Lints a parsed script against an index (or a model built from one, to reuse it). */
export function lintTree(tree: Tree, api: ApiModel | ApiIndex): LintProblem[] {
  const model = api instanceof ApiModel ? api : new ApiModel(api);
  return new Linter(new ScriptAnalysis(tree, model)).run();
}

export function lintAnalysis(analysis: ScriptAnalysis): LintProblem[] {
  return new Linter(analysis).run();
}

export function rangeOf(node: Node): TextRange {
  return {
    startLine: node.startPosition.row + 1,
    startColumn: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

class Linter {
  private readonly problems: LintProblem[] = [];
  private readonly api: ApiModel;
  private readonly version: string;

  constructor(private readonly analysis: ScriptAnalysis) {
    this.api = analysis.api;
    this.version = analysis.api.version ? `PyChrono ${analysis.api.version}` : 'this PyChrono';
  }

  run(): LintProblem[] {
    for (const use of this.analysis.importedModules) if (!use.guarded) this.checkModule(use);
    for (const use of this.analysis.importedNames) {
      if (use.guarded || this.isOwn(use.name)) continue;
      if (this.api.lookup(use.module, use.name).kind !== 'missing') continue;
      const single = use.statement.childrenForFieldName('name').length === 1;
      const moduleNode = use.statement.childForFieldName('module_name');
      this.missingName(use.module, use.name, use.node, single ? moduleNode : null, 'from');
    }
    for (const use of this.analysis.attributes)
      if (!use.guarded) this.checkAttribute(use.node, use.scope);
    if (this.analysis.bareNamesCheckable) {
      for (const use of this.analysis.names) {
        if (use.guarded || this.isOwn(use.node.text)) continue;
        if (this.analysis.resolveName(use.node.text, use.scope).kind !== 'unbound') continue;
        this.missingBareName(use.node);
      }
    }
    const seen = new Set<string>();
    return this.problems
      .filter((p) => {
        const key = `${p.line}:${p.column}:${p.endLine}:${p.endColumn}:${p.code}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => a.line - b.line || a.column - b.column);
  }

  /** Names the script defines or probes itself. */
  private isOwn(name: string): boolean {
    return (
      name.startsWith('_') ||
      this.analysis.writtenAttributes.has(name) ||
      this.analysis.probedNames.has(name)
    );
  }

  private checkModule(use: { node: Node; module: string; statement: Node }): void {
    const { node, module } = use;
    if (this.api.isChronoModule(module)) return;
    const renamed = renamedModule(module);
    if (renamed && this.api.isChronoModule(renamed.to)) {
      const fix = this.moduleRenameFix(use, renamed.to);
      const message = module.startsWith('pychrono')
        ? `\`${renamed.from}\` was renamed \`${MODULE_RENAMES[renamed.from]}\` in Chrono 6.0`
        : `There is no module \`${renamed.from}\`: PyChrono is imported as \`pychrono\``;
      this.report(node, module.startsWith('pychrono') ? 'renamed' : 'unknown-module', message, fix);
      return;
    }
    const known = [
      ...new Set([
        ...Object.keys(this.api.index.modules),
        ...CHRONO_PYTHON_MODULES.map((m) => `pychrono.${m}`),
      ]),
    ];
    const guesses = nearMisses(module, known);
    const parent = module.split('.').slice(0, -1).join('.');
    const why =
      parent && this.api.isChronoModule(parent) && parent !== 'pychrono'
        ? `: ${parent} has no submodules`
        : ` in any Chrono build`;
    this.report(
      node,
      'unknown-module',
      `There is no module \`${module}\`${why}${this.didYouMean(guesses)}`,
      ...this.replacements(node, guesses),
    );
  }

  /** `import chrono as c` → `import pychrono as c`; `import chrono` → `import pychrono as chrono`. */
  private moduleRenameFix(
    use: { node: Node; module: string; statement: Node },
    to: string,
  ): LintFix | undefined {
    const { node, module, statement } = use;
    const aliased = node.parent?.type === 'aliased_import';
    const fromImport = statement.type === 'import_from_statement';
    let text = to;
    if (!aliased && !fromImport) {
      if (module.includes('.')) return undefined; // `import chrono.x` binds `chrono`: no equivalent
      text = `${to} as ${module}`;
    }
    return { title: `Import ${to}`, edits: [{ range: rangeOf(node), text }], safe: true };
  }

  private checkAttribute(node: Node, scope: Scope): void {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute');
    if (!object || !attribute) return;
    const name = attribute.text;
    if (this.isOwn(name)) return;
    const receiver = this.analysis.valueOf(object, scope);
    if (receiver.kind === 'module' && receiver.checked) {
      if (this.api.lookup(receiver.module, name).kind === 'missing') {
        this.missingName(receiver.module, name, attribute, object, 'attribute');
      }
    } else if (receiver.kind === 'class' || receiver.kind === 'instance') {
      if (SWIG_MEMBERS.has(name)) return;
      const infos = receiver.classes.map((c) => this.api.classInfo(c.module, c.name));
      if (infos.some((i) => !i)) return;
      const classes = infos as ClassInfo[];
      if (classes.some((i) => i.members.has(name))) return;
      this.missingMember(classes, name, attribute);
    } else if (receiver.kind === 'unknown' && this.analysis.importsPychrono) {
      this.oldMemberOfUnknown(name, attribute);
    }
  }

  /** A name Chrono 9.0 renamed, with the new name as its fix (unsafe when the arguments changed). */
  private reportRename(
    node: Node,
    shown: string,
    renamed: { name: string; safe: boolean },
    message = `\`${shown}\` was renamed \`${renamed.name}\` in Chrono 9.0${
      renamed.safe ? '' : ' (it takes other arguments: check the call)'
    }`,
  ) {
    return this.report(node, 'renamed', message, {
      title: `Rename to ${renamed.name}`,
      edits: [{ range: rangeOf(node), text: renamed.name }],
      safe: renamed.safe,
    });
  }

  /** `body.GetPos_dt()` where nothing tells `body`'s class: only Chrono ever had that name. */
  private oldMemberOfUnknown(name: string, node: Node): void {
    if (this.analysis.definedFunctions.has(name)) return;
    const renamed = renamedMemberOfUnknown(this.api, name);
    if (!renamed) return;
    const problem = this.reportRename(
      node,
      name,
      renamed,
      `\`${name}\` is an old Chrono name: Chrono 9.0 renamed it \`${renamed.name}\` (no class in ${this.version} has ${name})`,
    );
    // Less certain than on a known class: the value could, in principle, be another library's.
    problem.severity = 'warning';
  }

  /**
   * A module-level name that `module` lacks. `receiver` is what to rewrite to take it from
   * another module: the attribute's object, or a from-import's module name.
   */
  private missingName(
    module: string,
    name: string,
    node: Node,
    receiver: Node | null,
    form: 'attribute' | 'from',
  ): void {
    const home = module === 'pychrono' ? 'pychrono.core' : module;
    const renamed = renamedName(this.api, module, name);
    if (renamed) {
      this.reportRename(node, name, renamed);
      return;
    }
    if (removedName(name)) {
      this.report(
        node,
        'removed',
        `\`${name}\` was removed in Chrono 9.0: ${module} has no such name`,
      );
      return;
    }
    const elsewhere = this.api.modulesWith(name).filter((m) => m !== home);
    if (elsewhere.length > 0) {
      const fixes = elsewhere
        .map((target) => this.moveFix(target, name, receiver, form, elsewhere.length === 1))
        .filter((f): f is LintFix => f !== undefined);
      const where = elsewhere.join(' and ');
      this.report(node, 'wrong-module', `\`${name}\` is in ${where}, not in ${module}`, ...fixes);
      return;
    }
    const olds = new Map(
      Object.entries(RENAMED_NAMES[home] ?? {}).filter(
        ([, to]) => this.api.lookup(home, to).kind !== 'missing',
      ),
    );
    const guesses = [
      ...new Set(
        nearMisses(name, [...this.api.namesOf(module), ...olds.keys()]).map(
          (g) => olds.get(g) ?? g,
        ),
      ),
    ];
    this.report(
      node,
      'unknown-name',
      `${module} has no \`${name}\` in ${this.version}${this.didYouMean(guesses)}`,
      ...this.replacements(node, guesses),
    );
  }

  /** A bare name after `from pychrono... import *` that none of those modules has. */
  private missingBareName(node: Node): void {
    const name = node.text;
    const modules = this.analysis.starModules;
    for (const module of modules) {
      const renamed = renamedName(this.api, module, name);
      if (renamed) {
        this.reportRename(node, name, renamed);
        return;
      }
    }
    if (removedName(name)) {
      this.report(node, 'removed', `\`${name}\` was removed in Chrono 9.0`);
      return;
    }
    const guesses = nearMisses(
      name,
      modules.flatMap((m) => this.api.namesOf(m)),
    );
    this.report(
      node,
      'unknown-name',
      `\`${name}\` is not defined: ${modules.join(', ')} ${modules.length > 1 ? 'have' : 'has'} no such name${this.didYouMean(guesses)}`,
      ...this.replacements(node, guesses),
    );
  }

  private missingMember(classes: ClassInfo[], name: string, node: Node): void {
    const owner = classes.map((c) => c.name).join(' or ');
    const renames = classes.map((c) => renamedMember(this.api, c, name));
    const first = renames[0];
    if (first && renames.every((r) => r?.name === first.name)) {
      this.reportRename(node, `${owner}.${name}`, first);
      return;
    }
    if (classes.every((c) => removedMember(c, name))) {
      this.report(node, 'removed', `\`${name}\` was removed from ${owner} in Chrono 9.0`);
      return;
    }
    const members = new Set(classes.flatMap((c) => [...c.members]));
    // A misspelt old name (`SetBodyFixd`) is close to the old name, not to its successor.
    const olds = new Map<string, string>();
    for (const c of classes) {
      for (const ref of c.ancestors) {
        for (const [from, to] of Object.entries(RENAMED_MEMBERS[ref.module]?.[ref.name] ?? {})) {
          if (members.has(to)) olds.set(from, to);
        }
      }
    }
    const guesses = [
      ...new Set(nearMisses(name, [...members, ...olds.keys()]).map((g) => olds.get(g) ?? g)),
    ];
    this.report(
      node,
      'unknown-member',
      `${owner} has no member \`${name}\` in ${this.version}${this.didYouMean(guesses)}`,
      ...this.replacements(node, guesses),
    );
  }

  /** Takes `name` from `target` instead: an alias the script already has, or a new import. */
  private moveFix(
    target: string,
    name: string,
    receiver: Node | null,
    form: 'attribute' | 'from',
    safe: boolean,
  ): LintFix | undefined {
    if (!receiver) return undefined;
    if (form === 'from') {
      return {
        title: `Import ${name} from ${target}`,
        edits: [{ range: rangeOf(receiver), text: target }],
        safe,
      };
    }
    const existing = this.moduleAlias(target);
    if (existing) {
      return {
        title: `Use ${existing}.${name}`,
        edits: [{ range: rangeOf(receiver), text: existing }],
        safe,
      };
    }
    const alias = MODULE_ALIASES[target] ?? target.split('.').at(-1) ?? target;
    if (this.analysis.isBoundAnywhere(alias)) return undefined;
    return {
      title: `Import ${target} as ${alias} and use ${alias}.${name}`,
      edits: [
        this.importEdit(`import ${target} as ${alias}`),
        { range: rangeOf(receiver), text: alias },
      ],
      safe,
    };
  }

  /** A module-scope name bound to `module` only (by its imports). */
  private moduleAlias(module: string): string | undefined {
    for (const [name, bindings] of this.analysis.module.bindings) {
      const value = this.analysis.resolveName(name, this.analysis.module);
      if (bindings.length > 0 && value.kind === 'module' && value.module === module) return name;
    }
    return undefined;
  }

  /** Adds an import line after the script's last top-level import (or at the top). */
  private importEdit(statement: string) {
    const root = this.analysis.tree.rootNode;
    const imports = kids(root).filter(
      (n) => n.type === 'import_statement' || n.type === 'import_from_statement',
    );
    const last = imports.at(-1);
    if (!last) {
      return {
        range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        text: `${statement}\n`,
      };
    }
    const line = last.endPosition.row + 1;
    if (line <= root.endPosition.row) {
      const at = { startLine: line + 1, startColumn: 1, endLine: line + 1, endColumn: 1 };
      return { range: at, text: `${statement}\n` };
    }
    const end = last.endPosition.column + 1;
    return {
      range: { startLine: line, startColumn: end, endLine: line, endColumn: end },
      text: `\n${statement}`,
    };
  }

  private replacements(node: Node, guesses: string[]): LintFix[] {
    return guesses.map((guess) => ({
      title: `Change to ${guess}`,
      edits: [{ range: rangeOf(node), text: guess }],
      safe: false,
    }));
  }

  private didYouMean(guesses: string[]): string {
    if (guesses.length === 0) return '';
    return `; did you mean ${guesses.map((g) => `\`${g}\``).join(', ')}?`;
  }

  private report(
    node: Node,
    code: LintProblem['code'],
    message: string,
    ...fixes: Array<LintFix | undefined>
  ): LintProblem {
    const [fix, ...alternatives] = fixes.filter((f): f is LintFix => f !== undefined);
    const range = rangeOf(node);
    const problem: LintProblem = {
      line: range.startLine,
      column: range.startColumn,
      endLine: range.endLine,
      endColumn: range.endColumn,
      code,
      severity: 'error',
      message,
      ...(fix ? { fix } : {}),
      ...(alternatives.length > 0 ? { alternatives } : {}),
    };
    this.problems.push(problem);
    return problem;
  }
}
