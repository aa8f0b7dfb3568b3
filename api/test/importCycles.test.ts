import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No import circle in api/src (issue 18): a circle makes the load order decide which module sees the other
 * half-initialised, and hides which layer is below which (eslint.config.js holds the layers). Every import
 * counts, type-only ones too (`import type`, `export … from`, `import('…')` in a type): a circle of types
 * today is one value away from a circle at run time.
 */
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^;]*?from\s*'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === 'generated' ? [join(dir, e.name, 'enums.ts')] : sourceFiles(join(dir, e.name))) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Each module of api/src and the modules of api/src it imports. */
export function importGraph(files: string[]): Map<string, string[]> {
  const inSrc = new Set(files);
  return new Map(files.map((f) => {
    const text = readFileSync(f, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) => resolve(dirname(f), (m[1] ?? m[2])!).replace(/\.js$/, '.ts'));
    return [f, [...new Set(targets.filter((t) => inSrc.has(t)))]];
  }));
}

/** One circle per strongly connected group of more than one module (or a module importing itself). */
export function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      group.push(w);
    } while (w !== v);
    if (group.length > 1 || graph.get(v)!.includes(v)) out.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

describe('import circles in api/src', () => {
  it('none: every module of api/src is below what imports it', () => {
    const graph = importGraph(sourceFiles(SRC));
    expect(graph.size).toBeGreaterThan(150);
    expect(circles(graph).map((c) => c.map((f) => relative(SRC, f)))).toEqual([]);
  });

  it('the walk finds a circle where there is one, of values or of types', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']], ['e', ['e']]]);
    expect(circles(g)).toEqual([['a', 'b', 'c'], ['e']]);
    const text = `import type { X } from './x.js';\nexport { y } from '../y.js';\nlet z: import('./z.js').Z;\nimport w from 'node:fs';`;
    expect([...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2])).toEqual(['./x.js', '../y.js', './z.js']);
  });
});
