import { BREAK, Kind, visit, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Bounds on a document's shape that are cheap to check (one pass, each fragment measured once) and keep
 * the dearer validation that follows within a few milliseconds. Measured before the budget existed, on a
 * document of at most 1,000 tokens: graphql-js's "fields can be merged" rule took 60-650 ms on 240 copies of
 * `consulates { id }` (it compares every pair of fields with one name), and graphql-armor's depth and cost
 * rules expand every fragment spread again, 30-80 ms on a chain of fragments each spreading the next twice.
 * graphql-js looks for "did you mean" suggestions for an unknown name, 15-28 ms for a 60 KB one, and a
 * literal nested 240 deep cost ~10 ms to validate. The clients' own documents use at most one fragment,
 * no repeated field, ~40 selections, names under 40 characters and no literal values but numbers.
 */
export const BUDGET = {
  /** Selections with every fragment spread expanded (the cost limit allows 5,000). */
  expandedSelections: 5_000,
  /** Fields answering to one name in one selection set (inline fragments included). */
  repeatsPerName: 4,
  /** Fragment definitions in one document. */
  fragments: 10,
  /** Characters in one name (field, alias, argument, type, variable, operation, fragment). */
  nameChars: 128,
  /** Characters in one string literal (a note is at most 1,000; the apps send text as variables). */
  stringChars: 4_096,
  /** Nesting of list and object literals. */
  valueDepth: 8,
} as const;

interface Measure {
  /** Selections below and including this set, fragments expanded. */
  selections: number;
  /** Fields per response name at the top of a fragment (what graphql-js compares across spreads). */
  names: Map<string, number>;
}

/** One selection set as graphql-js's merge rule sees it: its fields, its inline fragments' and its spreads'. */
interface Scope {
  names: Map<string, number>;
  /** Fragments already spread here: graphql-js compares a repeated spread once, so it counts once. */
  spread: Set<string>;
}

const scope = (): Scope => ({ names: new Map(), spread: new Set() });

/**
 * Returns why the document exceeds the budget ("query refused: ..."), or null: names, strings, literal
 * nesting, fragments and expanded size. Linear in the document's size: each fragment is measured once
 * and its expanded size reused at every spread. Checked before the limit rules, which expand fragments.
 */
export function budgetRefusal(doc: DocumentNode): string | null {
  return lexicalRefusal(doc) ?? shapeRefusal(doc, false);
}

/**
 * Returns a refusal when one response name is repeated too often in a selection set: checked after the
 * limit rules (whose own answer, "too costly" or "too many directives", is the more telling one) and
 * before graphql-js's rules, whose field-merging check is quadratic in such repeats.
 */
export function repeatRefusal(doc: DocumentNode): string | null {
  return shapeRefusal(doc, true);
}

/** Over-long names and strings, and deeply nested literals, in one iterative pass over the tree. */
function lexicalRefusal(doc: DocumentNode): string | null {
  let refusal: string | null = null;
  let depth = 0;
  const nest = {
    enter: () => {
      if (++depth <= BUDGET.valueDepth) return undefined;
      refusal = `query refused: a value nested more than ${BUDGET.valueDepth} deep`;
      return BREAK;
    },
    leave: () => void depth--,
  };
  visit(doc, {
    Name: (node) => {
      if (node.value.length <= BUDGET.nameChars) return undefined;
      refusal = `query refused: a name longer than ${BUDGET.nameChars} characters`;
      return BREAK;
    },
    StringValue: (node) => {
      if (node.value.length <= BUDGET.stringChars) return undefined;
      refusal = `query refused: a string longer than ${BUDGET.stringChars} characters; send text as a variable`;
      return BREAK;
    },
    ListValue: nest,
    ObjectValue: nest,
  });
  return refusal;
}

/** Fragment count and the expanded size, and (`repeats`) repeated fields; each fragment measured once. */
function shapeRefusal(doc: DocumentNode, repeats: boolean): string | null {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  if (fragments.size > BUDGET.fragments) return `query refused: more than ${BUDGET.fragments} fragments`;
  const measured = new Map<string, Measure>();
  const inProgress = new Set<string>();
  let refusal: string | null = null;

  const fragment = (name: string): Measure => {
    const known = measured.get(name);
    if (known) return known;
    const def = fragments.get(name);
    // An unknown fragment or a cycle is for validation to report; it adds nothing here.
    if (!def || inProgress.has(name)) return { selections: 0, names: new Map() };
    inProgress.add(name);
    const top = scope();
    const m = { selections: set(def.selectionSet, top), names: top.names };
    inProgress.delete(name);
    measured.set(name, m);
    return m;
  };

  const count = (names: Map<string, number>, key: string, n: number) => {
    const total = (names.get(key) ?? 0) + n;
    names.set(key, total);
    if (repeats && total > BUDGET.repeatsPerName) refusal ??= `query refused: a field is repeated more than ${BUDGET.repeatsPerName} times`;
  };

  /** The expanded selections of `node`, counting response names into `into` (shared with its inline fragments). */
  const set = (node: SelectionSetNode, into: Scope): number => {
    let selections = 0;
    for (const s of node.selections) {
      if (refusal) break;
      selections += 1;
      if (s.kind === Kind.FIELD) {
        count(into.names, (s.alias ?? s.name).value, 1);
        if (s.selectionSet) selections += set(s.selectionSet, scope());
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        selections += set(s.selectionSet, into);
      } else {
        const f = fragment(s.name.value);
        selections += f.selections;
        if (!into.spread.has(s.name.value)) {
          into.spread.add(s.name.value);
          for (const [key, n] of f.names) count(into.names, key, n);
        }
      }
      if (selections > BUDGET.expandedSelections) refusal ??= 'query refused: too costly';
    }
    return selections;
  };

  for (const d of doc.definitions) {
    if (refusal) break;
    if (d.kind === Kind.OPERATION_DEFINITION) set(d.selectionSet, scope());
    else if (d.kind === Kind.FRAGMENT_DEFINITION) fragment(d.name.value);
  }
  return refusal;
}
