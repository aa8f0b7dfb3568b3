/**
 * Documents an attacker might send in one 64 KB WebSocket frame or HTTP body, for the document-check
 * benchmark (documentChecks.ts) and tests. Each is built to stress one step: the parser, the shape budget,
 * the limit rules, graphql-js's validation or the safelist's canonical form.
 */
export const FRAME_LIMIT = 64 * 1024;
/** Room left in a frame for `{"id":"1","type":"subscribe","payload":{"query":...}}`. */
const ROOM = FRAME_LIMIT - 200;

const repeat = (n: number, f: (i: number) => string, sep = ' ') => Array.from({ length: n }, (_, i) => f(i)).join(sep);
const fill = (unit: string) => unit.repeat(Math.floor(ROOM / unit.length));

/**
 * `subscription { alertUpdates(alertId: "x") {a b{a b{ ... }}} }`: `depth` levels of two fields each, so every
 * selection set has something to sort (the former canonical form printed the deeper subtree at each
 * comparison); 5 KB at depth 1,000, the issue's frame.
 */
export function nestedSubscription(depth: number): string {
  return `subscription { alertUpdates(alertId: "x") ${'{a b'.repeat(depth)}{id}${'}'.repeat(depth)} }`;
}

function fragmentFanOut(n: number): string {
  let doc = 'query Q { ...F0 }\n';
  for (let i = 0; i < n; i++) doc += `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }\n`;
  return doc + `fragment F${n} on Query { consulates { id } }`;
}

const CONSULATE = 'consulates { id name city state location { lat lon } }';

export const HOSTILE_DOCUMENTS: Array<{ name: string; query: string; variablesJson?: string }> = [
  { name: 'depth 1,000 subscription (5 KB)', query: nestedSubscription(1000) },
  { name: 'depth 2,000 subscription (10 KB)', query: nestedSubscription(2000) },
  { name: 'depth 330 within 1,000 tokens', query: `{ ${'a { '.repeat(330)}b${' }'.repeat(330)} }` },
  { name: 'depth 9 (one past the limit)', query: `{ alert(id: "x") ${'{ consulate { alerts '.repeat(4)}{ id }${' } }'.repeat(4)} }` },
  { name: '330 aliases of __typename', query: `{ ${repeat(330, (i) => `a${i}: __typename`)} }` },
  { name: '64 KB of __typename aliases', query: `{ ${fill('a: __typename ')} }` },
  { name: '990 copies of one field', query: `{ consulates { ${'id '.repeat(990)}} }` },
  { name: '240 copies of consulates { id }', query: `{ ${'consulates { id } '.repeat(240)}}` },
  { name: '120 inline fragments of consulates { id }', query: `{ ${'... on Query { consulates { id } } '.repeat(120)}}` },
  { name: '20 fragments of 4 x consulates { id }', query: `query Q { ${repeat(20, (i) => `...F${i}`)} }\n${repeat(20, (i) => `fragment F${i} on Query { ${'consulates { id } '.repeat(4)}}`, '\n')}` },
  { name: '10 fragments of 4 distinct fields, spread in 10 sets', query: `query Q { ${repeat(10, (j) => `c${j}: consulates { ${repeat(10, (i) => `...F${i}`)} }`)} }\n${repeat(10, (i) => `fragment F${i} on Consulate { a${i}: id b${i}: name c${i}: city d${i}: state }`, '\n')}` },
  { name: 'fragment chain doubling 90 times', query: fragmentFanOut(90) },
  { name: 'fragment cycle', query: 'query Q { ...A } fragment A on Query { ...B } fragment B on Query { ...A }' },
  { name: '300 directives on one field', query: `{ __typename ${'@skip(if: false) '.repeat(300)}}` },
  { name: 'list value nested 499 deep', query: `{ consulates(x: ${'['.repeat(499)}${']'.repeat(499)}) { id } }` },
  { name: 'object value nested 240 deep', query: `{ consulateAt(location: ${'{ a: '.repeat(240)}1${' }'.repeat(240)}) { id } }` },
  { name: '300 operations', query: repeat(300, (i) => `query Q${i} { __typename }`) },
  { name: '64 KB comment, then a query', query: `#${'x'.repeat(ROOM - 40)}\n{ consulates { id } }` },
  { name: '4 KB enum value as a string', query: `mutation { resolveAlert(id: "x", disposition: "${'x'.repeat(4000)}") { id } }` },
  { name: '64 KB string argument', query: `{ district(id: "${'x'.repeat(ROOM - 40)}") { id } }` },
  { name: '64 KB field name', query: `{ ${'a'.repeat(ROOM - 10)} }` },
  { name: '64 KB of whitespace', query: `{${' '.repeat(ROOM - 20)}__typename }` },
  { name: '64 KB of commas', query: `{ __typename${','.repeat(ROOM - 20)} }` },
  { name: '15 aliases of a full selection (valid)', query: `{ ${repeat(15, (i) => `c${i}: ${CONSULATE}`)} }` },
  { name: 'variables nested 10,000 deep', query: 'query Q($v: String) { consulates { id } }', variablesJson: `{"v":${'['.repeat(10_000)}${']'.repeat(10_000)}}` },
];

/** A graphql-transport-ws `subscribe` message carrying the document (variables as raw JSON: too deep for JSON.stringify). */
export function subscribeFrame(d: { query: string; variablesJson?: string }, id = '1'): string {
  return `{"id":${JSON.stringify(id)},"type":"subscribe","payload":{"query":${JSON.stringify(d.query)}${d.variablesJson ? `,"variables":${d.variablesJson}` : ''}}}`;
}
