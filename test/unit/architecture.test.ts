/**
 * The shape of the house (docs/DESIGN.md §1): no import cycles at all — type-only imports included, which
 * ESLint's import-x/no-cycle does not count — and a core that imports neither vscode nor the LSP
 * libraries; the rule API is a leaf that imports neither the engine, the registry nor the facts modules.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');
const SOURCES = ['server/src', 'client/src'];

function sourceFiles(): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.ts')) out.push(full);
    }
  };
  for (const s of SOURCES) visit(path.join(ROOT, s));
  return out.sort();
}

/** Every relative import, export-from, require and import() of a file, type-only ones included. */
function importsOf(file: string): { specifier: string; target?: string }[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map(({ fileName: specifier }) => {
    if (!specifier.startsWith('.')) return { specifier };
    const base = path.resolve(path.dirname(file), specifier);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    return { specifier, target };
  });
}

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const file of sourceFiles()) {
    g.set(
      file,
      importsOf(file)
        .map((i) => i.target)
        .filter((t): t is string => !!t),
    );
  }
  return g;
}

/** Strongly connected components with more than one file (or a file importing itself): Tarjan. */
function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const strong = (v: string) => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!indices.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(path.relative(ROOT, w));
      } while (w !== v);
      if (component.length > 1 || (g.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of g.keys()) if (!indices.has(v)) strong(v);
  return out;
}

describe('architecture', () => {
  const g = graph();

  it('has no import cycle, type-only imports included', () => {
    assert.deepEqual(cycles(g), []);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const a = path.join(ROOT, 'a.ts');
    const b = path.join(ROOT, 'b.ts');
    assert.deepEqual(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
      [['a.ts', 'b.ts']],
    );
  });

  it('the analysis core imports neither vscode nor the LSP libraries', () => {
    const offenders: string[] = [];
    for (const file of g.keys()) {
      if (!file.startsWith(path.join(ROOT, 'server/src/analysis'))) continue;
      for (const { specifier } of importsOf(file)) {
        if (/^(vscode|vscode-languageserver|vscode-languageclient|vscode-jsonrpc)(\/|$)/.test(specifier))
          offenders.push(`${path.relative(ROOT, file)} → ${specifier}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the rule API is a leaf: rule.ts reaches neither the engine, the registry, the session nor the facts collectors', () => {
    const reached = new Set<string>();
    const queue = [path.join(ROOT, 'server/src/analysis/rule.ts')];
    while (queue.length) {
      const file = queue.pop()!;
      for (const next of g.get(file) ?? []) {
        if (reached.has(next)) continue;
        reached.add(next);
        queue.push(next);
      }
    }
    const forbidden = [...reached]
      .map((f) => path.relative(ROOT, f))
      .filter((f) =>
        /analysis\/(engine|registry|scan|scanPool)\.ts$|analysis\/workspace\/|analysis\/facts\/(?!types\.ts)|analysis\/rules\//.test(f),
      );
    assert.deepEqual(forbidden, []);
  });
});
