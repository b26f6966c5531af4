// Functions that do one thing: no function in the backend runs over 100 lines of its own. A function's own lines
// leave out the bodies of the functions defined inside it, so a factory that returns short methods (createLedger,
// createWorker...) is measured by its methods, and a long method inside a factory is measured by itself.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const MAX_OWN_LINES = 100;
const SERVER_DIR = path.resolve(import.meta.dirname, '../web/server');
const GENERATED_DIR = path.join(SERVER_DIR, 'db', 'generated');

interface MeasuredFunction {
  name: string;
  /** "web/server/<file>:<line>" */
  where: string;
  ownLines: number;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === GENERATED_DIR ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

function hasBody(node: ts.Node): node is ts.FunctionLikeDeclaration & { body: ts.Node } {
  return ts.isFunctionLike(node) && 'body' in node && node.body !== undefined;
}

function functionName(fn: ts.FunctionLikeDeclaration): string {
  if (fn.name) return fn.name.getText();
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name) return parent.name.getText();
  return '<anonymous>';
}

/** Every function with a body in `source`, with its line count minus the lines inside its nested functions' bodies. */
function measure(source: ts.SourceFile, label: string): MeasuredFunction[] {
  const lineOf = (position: number) => source.getLineAndCharacterOfPosition(position).line;
  const measured: MeasuredFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (hasBody(node)) {
      const lines = new Set<number>();
      for (let line = lineOf(node.getStart(source)); line <= lineOf(node.end); line++) lines.add(line);
      const removeNested = (child: ts.Node): void => {
        if (hasBody(child)) {
          // The nested function's first and last lines stay: they are lines of the outer function too.
          for (let line = lineOf(child.body.getStart(source)) + 1; line < lineOf(child.body.end); line++) lines.delete(line);
          return;
        }
        ts.forEachChild(child, removeNested);
      };
      ts.forEachChild(node, removeNested);
      measured.push({ name: functionName(node), where: `${label}:${lineOf(node.getStart(source)) + 1}`, ownLines: lines.size });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return measured;
}

function measureFile(file: string): MeasuredFunction[] {
  const label = path.relative(path.resolve(SERVER_DIR, '../..'), file).split(path.sep).join('/');
  return measure(ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true), label);
}

describe('function size in web/server', () => {
  it(`when a function has more than ${MAX_OWN_LINES} lines of its own, then this names it`, () => {
    const files = sourceFiles(SERVER_DIR);
    expect(files.length).toBeGreaterThan(50);
    const tooLong = files
      .flatMap(measureFile)
      .filter((fn) => fn.ownLines > MAX_OWN_LINES)
      .map((fn) => `${fn.where} ${fn.name}: ${fn.ownLines} lines`);
    expect(tooLong).toEqual([]);
  });

  it('when a function defines others, then their bodies count for them, not for it', () => {
    const body = (count: number) => Array.from({ length: count }, (_, i) => `    const v${i} = ${i};`).join('\n');
    const text = [
      'export function factory() {',
      '  const method = () => {',
      body(150),
      '  };',
      '  return { method };',
      '}',
      'function long() {',
      body(120),
      '}',
    ].join('\n');
    const measured = measure(ts.createSourceFile('probe.ts', text, ts.ScriptTarget.Latest, true), 'probe.ts');
    expect(measured.map(({ name, ownLines }) => [name, ownLines])).toEqual([
      ['factory', 5],
      ['method', 152],
      ['long', 122],
    ]);
  });
});
