// The lint for the host and the CLI: parses a script and checks it against an API index,
// with the same engine the editor runs.
import { ApiModel } from '../../common/lint/api-model';
import { fixUntilStable, type FixRun } from '../../common/lint/fixes';
import { lintTree } from '../../common/lint/lint';
import type { LintProblem } from '../../common/lint/problem';
import type { ApiIndex } from '../../common/contract/api-index';
import { loadPythonParser } from '../review/python-parser';

const models = new WeakMap<ApiIndex, ApiModel>();

/** One parser for every lint of the process (a failed load is tried again next time). */
let sharedParser: ReturnType<typeof loadPythonParser> | null = null;
function pythonParser(): ReturnType<typeof loadPythonParser> {
  sharedParser ??= loadPythonParser();
  sharedParser.catch(() => {
    sharedParser = null;
  });
  return sharedParser;
}

function modelOf(index: ApiIndex): ApiModel {
  let model = models.get(index);
  if (!model) {
    model = new ApiModel(index);
    models.set(index, model);
  }
  return model;
}

export async function lintSource(source: string, index: ApiIndex): Promise<LintProblem[]> {
  const parser = await pythonParser();
  const tree = parser.parse(source);
  if (!tree) throw new Error('The Python parser gave no tree');
  try {
    return lintTree(tree, modelOf(index));
  } finally {
    tree.delete();
  }
}

/** Applies the safe fixes, linting again after each pass, until none is left. */
export async function fixSource(source: string, index: ApiIndex): Promise<FixRun> {
  const parser = await pythonParser();
  const model = modelOf(index);
  return fixUntilStable(source, (code) => {
    const tree = parser.parse(code);
    if (!tree) throw new Error('The Python parser gave no tree');
    try {
      return lintTree(tree, model);
    } finally {
      tree.delete();
    }
  });
}
