// The layers of src/ hold: every import goes down the layer order, no files import each other in a cycle, and every top-level entry of src/ has a place in the order.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The layer order of src/, lowest first. A file may import its own folder and any folder of a lower layer;
 * two folders of one layer only along a SIDEWAYS edge. Type-only imports count: they are still coupling.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['engine'], // 0: graph, ops, autodiff, compilation to ONNX, checkpoints
  ['nn', 'optim', 'data', 'decode', 'metrics', 'report'], // 1: the parts models are made of, and model-free scoring and reporting
  ['train'], // 2: the training loop, run directories, schedules
  ['models'], // 3: one folder per family (src/models/<family>/)
  ['evaluation'], // 4: evaluators that train or run models (the SeqGAN oracle, reverse perplexity)
  ['runs'], // 5: the family registry and openRun
  ['compare', 'compress'], // 6: train several families under one budget and report; lossless compression with a model
  ['cli'], // 7: the command line
];

/** The finer order inside layer 1: the only imports allowed between two of its folders (kept acyclic, checked below). */
const SIDEWAYS: readonly (readonly [from: string, to: string])[] = [
  ['nn', 'decode'], // the token decoder's compiled step program is a decode StepModel (src/nn/decoder-step.ts)
];

/** Files directly in src/: the library's public entry re-exports every layer, so it may import anything. */
const ROOT_FILES: readonly string[] = ['index.ts'];

/** Upward imports that exist today, each to be removed; the test fails on any other, and on an entry that no longer occurs. */
const KNOWN_VIOLATIONS: readonly { from: string; to: string }[] = [
  // none: the family registry removed the last ones (SeqGAN gets NLL-oracle scoring injected by src/runs; compare reads each family's entries)
];

/** Import cycles between files that are there by design; any other cycle fails, and so does an entry that no longer occurs. */
const ALLOWED_CYCLES: readonly { files: readonly string[]; why: string }[] = [
  { files: ['src/engine/graph.ts', 'src/engine/op.ts'], why: 'type-only: a Tensor records the OpDef that made it, and an OpDef\'s rules take Tensors' },
  // A VJP rule is written with public ops so the backward pass is itself traced: an op and the ops of its gradient import each other.
  // ES modules resolve these cycles because the ops are only called while tracing, never while the modules load.
  { files: ['src/engine/ops/elementwise.ts', 'src/engine/ops/expand.ts', 'src/engine/ops/reduce-sum.ts', 'src/engine/ops/sum-to-shape.ts'], why: 'broadcasting: the gradient of expand is a sum to shape, whose gradient is an expand' },
  { files: ['src/engine/ops/concat.ts', 'src/engine/ops/split.ts'], why: 'the gradient of concat is a split and that of split a concat' },
  { files: ['src/engine/ops/gather-elements.ts', 'src/engine/ops/scatter-elements-add.ts'], why: 'the gradient of gather-elements is a scatter-add and back' },
  { files: ['src/engine/ops/gather.ts', 'src/engine/ops/scatter-add.ts'], why: 'the gradient of gather is a scatter-add and back' },
  { files: ['src/engine/ops/softmax-cross-entropy-grad.ts', 'src/engine/ops/softmax-cross-entropy.ts'], why: 'the fused loss and its fused gradient share the argument checks' },
];

interface Import {
  /** The importing file, relative to the repository root with '/' separators. */
  from: string;
  line: number;
  specifier: string;
  /** The imported file (a relative specifier's .js resolved to its .ts), or null for a package. */
  to: string | null;
}

const posix = (path: string): string => path.split(sep).join('/');

/** Every module specifier in a file: import and export ... from, side-effect imports, import('...') calls and import('...') types. */
function specifiersOf(fileName: string, text: string): { specifier: string; line: number }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: { specifier: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    let spec: ts.Node | undefined;
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) spec = node.moduleSpecifier;
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) spec = node.arguments[0];
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) spec = node.argument.literal;
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) spec = node.moduleReference.expression;
    if (spec !== undefined) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      // A computed path cannot be checked, so it is not allowed: name the file.
      if (!ts.isStringLiteralLike(spec)) throw new TypeError(`${fileName}:${line}: an import path must be a string literal, got '${spec.getText(source)}'`);
      found.push({ specifier: spec.text, line });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFilesUnder(path);
    return e.isFile() && e.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOfSrc(): Import[] {
  return tsFilesUnder(join(root, 'src')).flatMap((path) => specifiersOf(path, readFileSync(path, 'utf8')).map(({ specifier, line }) => {
    const relativeSpecifier = specifier.startsWith('./') || specifier.startsWith('../');
    const to = relativeSpecifier ? posix(relative(root, resolve(dirname(path), specifier))).replace(/\.js$/, '.ts') : null;
    return { from: posix(relative(root, path)), line, specifier, to };
  }));
}

/** Where a file sits: its top-level folder of src/ (or the root file's name) and, under src/models, its family. */
function placeOf(file: string): { folder: string; family: string | null } | null {
  const parts = file.split('/');
  if (parts[0] !== 'src' || parts.length < 2) return null;
  if (parts.length === 2) return { folder: parts[1], family: null };
  return { folder: parts[1], family: parts[1] === 'models' && parts.length > 3 ? parts[2] : null };
}

function layerOf(folder: string): number {
  return LAYERS.findIndex((folders) => folders.includes(folder));
}

/** Why an import goes against the layer order, or null when it is allowed. */
function layerViolation(edge: { from: string; to: string }): string | null {
  const from = placeOf(edge.from);
  const to = placeOf(edge.to);
  if (from === null) return null;
  if (to === null) return `src/ must not import outside src/, got ${edge.to}`;
  if (ROOT_FILES.includes(edge.from.slice('src/'.length))) return null;
  if (ROOT_FILES.includes(edge.to.slice('src/'.length))) return `${edge.to} is the public entry; a layer must not import it`;
  if (from.folder === to.folder) return null; // includes src/models/<a> importing src/models/<b>, allowed for now
  const fromLayer = layerOf(from.folder);
  const toLayer = layerOf(to.folder);
  if (fromLayer < 0 || toLayer < 0) return `${fromLayer < 0 ? from.folder : to.folder} has no layer`;
  if (toLayer < fromLayer) return null;
  if (toLayer === fromLayer && SIDEWAYS.some(([a, b]) => a === from.folder && b === to.folder)) return null;
  return toLayer === fromLayer
    ? `${from.folder} -> ${to.folder} goes sideways in layer ${fromLayer} and is not in SIDEWAYS`
    : `${from.folder} (layer ${fromLayer}) -> ${to.folder} (layer ${toLayer}) goes up`;
}

const isKnown = (edge: { from: string; to: string }): boolean => KNOWN_VIOLATIONS.some((k) => k.from === edge.from && k.to === edge.to);

/** The strongly connected components of more than one file (or a file importing itself), each as one cycle through it. */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm, then a breadth-first path inside each component from its first file back to itself.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return components.map((component) => {
    const members = new Set(component);
    const start = component[0];
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (!members.has(w) || previous.has(w)) continue;
        previous.set(w, v);
        queue.push(w);
      }
    }
    // Walk back from start's predecessor along the search tree: start -> ... -> previous(start) -> start.
    const cycle = [start];
    for (let v = previous.get(start)!; v !== start; v = previous.get(v)!) cycle.unshift(v);
    return [start, ...cycle];
  });
}

function graphOf(imports: readonly Import[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const i of imports) {
    if (!graph.has(i.from)) graph.set(i.from, []);
    if (i.to !== null) graph.get(i.from)!.push(i.to);
  }
  return graph;
}

const sameFiles = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().every((f, i) => f === [...b].sort()[i]);

describe('layers of src/', () => {
  const imports = importsOfSrc();
  const internal = imports.filter((i): i is Import & { to: string } => i.to !== null);

  it('finds every kind of import, type-only ones included', () => {
    const text = [
      "import type { A } from './a.js';",
      "import './b.js';",
      "export * from './c.js';",
      "export type { D } from './d.js';",
      "const e = await import('./e.js');",
      "type F = import('./f.js').F;",
      "import { g } from 'node:path';",
    ].join('\n');
    assert.deepEqual(specifiersOf('x.ts', text).map((s) => s.specifier), ['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', 'node:path']);
    assert.throws(() => specifiersOf('x.ts', 'const m = await import(name);'), /x\.ts:1: an import path must be a string literal, got 'name'/);
    assert.ok(internal.length > 500, `only ${internal.length} imports found in src/`);
  });

  it('every top-level entry of src/ has a place in the layer table', () => {
    const unplaced = readdirSync(join(root, 'src')).filter((name) => (statSync(join(root, 'src', name)).isDirectory() ? layerOf(name) < 0 : !ROOT_FILES.includes(name)));
    assert.deepEqual(unplaced, [], `give each of src/${unplaced.join(', src/')} a layer in LAYERS (test/layers.test.ts), or a place in ROOT_FILES`);
  });

  it('the layer table names each folder once, and SIDEWAYS stays inside one layer and is acyclic', () => {
    const folders = LAYERS.flat();
    assert.equal(new Set(folders).size, folders.length, `LAYERS names a folder twice: ${folders.join(', ')}`);
    for (const [a, b] of SIDEWAYS) assert.ok(layerOf(a) >= 0 && layerOf(a) === layerOf(b), `SIDEWAYS ${a} -> ${b}: both must be folders of one layer`);
    const sideways = new Map<string, string[]>(folders.map((f) => [f, SIDEWAYS.filter(([a]) => a === f).map(([, b]) => b)]));
    assert.deepEqual(importCycles(sideways), [], 'SIDEWAYS must be acyclic');
  });

  it('every import goes down the layer order (type-only and dynamic imports too)', () => {
    const violations = internal.flatMap((i) => {
      const why = layerViolation(i);
      return why === null || isKnown(i) ? [] : [`${i.from}:${i.line} imports '${i.specifier}' (${i.to}): ${why}`];
    });
    assert.deepEqual(violations, [], `imports against the layer order:\n  ${violations.join('\n  ')}`);
  });

  it('every known violation still occurs (remove an entry once its import is gone)', () => {
    const gone = KNOWN_VIOLATIONS.filter((k) => !internal.some((i) => i.from === k.from && i.to === k.to && layerViolation(i) !== null));
    assert.deepEqual(gone, [], 'these KNOWN_VIOLATIONS no longer occur: delete them from test/layers.test.ts');
  });

  it('no import cycle between files, but the allowed ones', () => {
    const cycles = importCycles(graphOf(imports));
    const unexpected = cycles.filter((cycle) => !ALLOWED_CYCLES.some((a) => sameFiles(a.files, [...new Set(cycle)])));
    assert.deepEqual(unexpected.map((cycle) => cycle.join(' -> ')), [], 'import cycles between files (move what both sides need to a third file)');
    const gone = ALLOWED_CYCLES.filter((a) => !cycles.some((cycle) => sameFiles(a.files, [...new Set(cycle)])));
    assert.deepEqual(gone.map((a) => a.files.join(', ')), [], 'these ALLOWED_CYCLES no longer occur: delete them from test/layers.test.ts');
  });

  it('lists the imports between model families (allowed for now)', (t) => {
    const families = new Map<string, number>();
    for (const i of internal) {
      const from = placeOf(i.from)?.family;
      const to = placeOf(i.to)?.family;
      if (from && to && from !== to) families.set(`${from} -> ${to}`, (families.get(`${from} -> ${to}`) ?? 0) + 1);
    }
    for (const [edge, count] of [...families].sort()) t.diagnostic(`models: ${edge} (${count} imports)`);
  });

  it('names the file, the import and both layers of an upward edge', () => {
    assert.equal(layerViolation({ from: 'src/engine/graph.ts', to: 'src/cli/main.ts' }), 'engine (layer 0) -> cli (layer 7) goes up');
    assert.equal(layerViolation({ from: 'src/data/vocab.ts', to: 'src/nn/linear.ts' }), 'data -> nn goes sideways in layer 1 and is not in SIDEWAYS');
    assert.equal(layerViolation({ from: 'src/nn/decoder-step.ts', to: 'src/decode/step-model.ts' }), null);
    assert.equal(layerViolation({ from: 'src/models/seqgan/run.ts', to: 'src/models/lm/model.ts' }), null);
    assert.equal(layerViolation({ from: 'src/index.ts', to: 'src/cli/main.ts' }), null);
    assert.match(layerViolation({ from: 'src/metrics/bleu.ts', to: 'test/helpers/cli.ts' }) ?? '', /must not import outside src/);
    assert.deepEqual(importCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]])), [['a', 'b', 'c', 'a']]);
  });
});
