import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PYTHON_GRAMMAR_WASM, RUNTIME_WASM, loadPythonParser, locateWasm } from './python-parser';

const scratch = mkdtempSync(join(tmpdir(), 'twinforge-wasm-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the tree-sitter Python parser', () => {
  it('parses Python with the tree-sitter-python grammar', async () => {
    const parser = await loadPythonParser();
    const tree = parser.parse('x = ChVector3d(0.5)\n')!;
    expect(tree.rootNode.toString()).toBe(
      '(module (expression_statement (assignment left: (identifier) right: (call function: ' +
        '(identifier) arguments: (argument_list (float))))))',
    );
    tree.delete();
    parser.delete();
  });

  it('finds the wasm files in the installed packages', () => {
    expect(locateWasm(RUNTIME_WASM)).toMatch(/node_modules[/\\]web-tree-sitter[/\\]/);
    expect(locateWasm(PYTHON_GRAMMAR_WASM)).toMatch(/node_modules[/\\]tree-sitter-python[/\\]/);
  });

  it('prefers the copies in dist/wasm beside a bundle (the packaged app has no node_modules)', () => {
    const bundleDir = join(scratch, 'dist', 'cli');
    mkdirSync(join(scratch, 'dist', 'wasm'), { recursive: true });
    copyFileSync(
      locateWasm(PYTHON_GRAMMAR_WASM),
      join(scratch, 'dist', 'wasm', PYTHON_GRAMMAR_WASM),
    );
    expect(locateWasm(PYTHON_GRAMMAR_WASM, bundleDir)).toBe(
      join(scratch, 'dist', 'wasm', PYTHON_GRAMMAR_WASM),
    );
  });
});
