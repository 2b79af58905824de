// The two PyChrono runtime flavours TwinForge's environment files make, and what the
// SimBench reference scripts need of them, counted from the scripts' own imports.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const FLAVOURS = {
  full: {
    file: 'environment.yml',
    what: 'pychrono 9.0.1 as Project Chrono builds it (projectchrono channel, Python 3.12)',
    modules: ['core', 'fea', 'vehicle', 'robot', 'irrlicht', 'pardisomkl', 'sensor'],
    caveats: [
      'pychrono.sensor needs an NVIDIA GPU with CUDA and OptiX at run time',
      'pychrono.pardisomkl needs Intel MKL, which macOS arm64 lacks',
    ],
  },
  core: {
    file: 'environment-core.yml',
    what: "conda-forge's lean pychrono 9.0.1 (Python 3.11): mechanisms and FEA",
    modules: ['core', 'fea'],
    caveats: [],
  },
};

/** Modules a script may import although the runtime lacks them. */
export const COVERED = {
  irrlicht: 'TwinForge stands in for its visual systems',
  pardisomkl: 'runs fall back to SparseLU, slower',
};

const MODULES = ['core', 'fea', 'vehicle', 'robot', 'sensor', 'irrlicht', 'pardisomkl', 'ros'];

/** The pychrono modules a script imports (`import pychrono` counts as core). */
export function importedModules(source) {
  const found = new Set();
  for (const [, names] of source.matchAll(/^[ \t]*import[ \t]+([^#\n]+)/gm)) {
    for (const part of names.split(',')) {
      const name = part.trim().split(/\s+as\s+/)[0];
      const match = /^pychrono(?:\.(\w+))?/.exec(name);
      if (match) found.add(match[1] ?? 'core');
    }
  }
  for (const [, module, names] of source.matchAll(
    /^[ \t]*from[ \t]+pychrono(?:\.(\w+))?[ \t]+import[ \t]+([^#\n]+)/gm,
  )) {
    if (module) found.add(module);
    else {
      for (const part of names.replace(/[()]/g, '').split(',')) {
        const name = part.trim().split(/\s+as\s+/)[0];
        found.add(MODULES.includes(name) ? name : 'core');
      }
    }
  }
  return found;
}

/** SimBench's reference scripts (tasks/<task>/truthN.py), with the modules each imports. */
export function referenceScripts(tasksDir) {
  if (!existsSync(tasksDir)) return [];
  const scripts = [];
  for (const task of readdirSync(tasksDir).sort()) {
    const dir = join(tasksDir, task);
    let names;
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => /^truth\d+\.py$/.test(n)).sort()) {
      const path = join(dir, name);
      scripts.push({ path, modules: importedModules(readFileSync(path, 'utf8')) });
    }
  }
  return scripts;
}

/** How many scripts a set of modules runs, and which missing modules stop the others. */
export function coverage(scripts, modules) {
  const has = new Set([...modules, ...Object.keys(COVERED)]);
  const missing = new Map();
  let runs = 0;
  for (const script of scripts) {
    const lacking = [...script.modules].filter((m) => !has.has(m));
    if (lacking.length === 0) runs += 1;
    for (const m of lacking) missing.set(m, (missing.get(m) ?? 0) + 1);
  }
  return {
    runs,
    total: scripts.length,
    missing: [...missing.entries()].sort((a, b) => b[1] - a[1]),
  };
}

/** One line per flavour: its modules and, when the scripts are at hand, what they run. */
export function describeFlavours(scripts, where) {
  const lines = [];
  for (const [name, flavour] of Object.entries(FLAVOURS)) {
    lines.push(`  ${name}: ${flavour.what}`);
    lines.push(`    modules: ${flavour.modules.join(', ')}`);
    for (const caveat of flavour.caveats) lines.push(`    (${caveat})`);
    if (scripts.length > 0) {
      const { runs, total, missing } = coverage(scripts, flavour.modules);
      const stops = missing.map(([m, n]) => `no pychrono.${m} — ${n} of the ${total} need it`);
      lines.push(
        `    runs ${runs} of the ${total} SimBench reference scripts${stops.length ? `; ${stops.join('; ')}` : ''}`,
      );
    }
  }
  if (scripts.length > 0) {
    lines.push(
      `  (counted from the imports of ${where}/*/truthN.py; ${Object.entries(COVERED)
        .map(([m, why]) => `pychrono.${m}: ${why}`)
        .join('; ')})`,
    );
  }
  return lines.join('\n');
}
