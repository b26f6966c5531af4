// Every GraphQL document in the repository: any template literal that starts with `#graphql` (the tag editors and
// Shopify's codegen use), with the schema it targets (the checkout extension talks to the Storefront API).
import fs from 'node:fs';
import path from 'node:path';
import { type ASTNode, type FragmentDefinitionNode, Kind, parse, print, visit } from 'graphql';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const SOURCE_DIRS = ['web', 'extensions'];
const SKIP = /(node_modules|dist|generated|\.test\.tsx?$)/;

export interface FoundDocument {
  /** Relative to the repository root. */
  file: string;
  line: number;
  source: string;
  target: 'admin' | 'storefront';
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (SKIP.test(full)) return [];
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|jsx|mjs)$/.test(entry.name) ? [full] : [];
  });
}

export function findGraphqlDocuments(): FoundDocument[] {
  const found: FoundDocument[] = [];
  for (const file of SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(repoRoot, d)))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/`#graphql([\s\S]*?)`/g)) {
      const relative = path.relative(repoRoot, file);
      found.push({
        file: relative,
        line: text.slice(0, match.index).split('\n').length,
        source: match[1] ?? '',
        target: relative.startsWith(`extensions${path.sep}checkout-upsell`) ? 'storefront' : 'admin',
      });
    }
  }
  return found;
}

/**
 * A document as it is sent: its own text, then the definition of every fragment it spreads, directly or through
 * another fragment, taken from `all` (documents of the same schema). An unknown fragment is left out, for
 * validation to report.
 */
export function withFragments(doc: FoundDocument, all: readonly FoundDocument[]): string {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const other of all) {
    if (other.target !== doc.target) continue;
    for (const definition of parse(other.source).definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
  }
  const own = parse(doc.source);
  const ownNames = new Set(own.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [d.name.value] : [])));
  const added = new Map<string, FragmentDefinitionNode>();
  const addSpreads = (node: ASTNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = fragments.get(name);
        if (ownNames.has(name) || added.has(name) || !fragment) return;
        added.set(name, fragment);
        addSpreads(fragment);
      },
    });
  addSpreads(own);
  return [doc.source, ...[...added.values()].map((fragment) => print(fragment))].join('\n');
}
