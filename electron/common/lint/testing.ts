// For the lint's unit tests: a Python parser (web-tree-sitter reads the grammar's .wasm from
// node_modules when it runs under Node) and the bundled 9.0.1 index.
import { Language, Parser, type Tree } from 'web-tree-sitter';
import bundled from '../../../resources/pychrono-api/pychrono-9.0.1.json';
import { apiIndexSchema, type ApiIndex } from '../contract/api-index';
import { ApiModel } from './api-model';

let parser: Promise<Parser> | null = null;

export function testParser(): Promise<Parser> {
  parser ??= (async () => {
    await Parser.init();
    const python = await Language.load('node_modules/tree-sitter-python/tree-sitter-python.wasm');
    const p = new Parser();
    p.setLanguage(python);
    return p;
  })();
  return parser;
}

export const BUNDLED_INDEX: ApiIndex = apiIndexSchema.parse(bundled);
export const BUNDLED_API = new ApiModel(BUNDLED_INDEX);

export async function parse(source: string): Promise<Tree> {
  const tree = (await testParser()).parse(source);
  if (!tree) throw new Error('no tree');
  return tree;
}
