// Reading V8 heap snapshots in the runner's parent process (never in the measured one: parsing a
// snapshot allocates far more than the graph being measured). A snapshot file is read once into
// its node ids and its countable nodes; figures are differences of groups of nodes that are new
// since an earlier snapshot, grouped by (node type, constructor name).
import { readFileSync } from 'node:fs';

// Node types that are not the graph's, with the reason (scripts/js-reference/README.md repeats it):
//  - code: bytecode, compiled code, feedback vectors, inline-cache handlers, allocation sites and
//    deoptimisation data: made by V8's compilers as functions warm up, shared by every graph.
//  - object shape: hidden classes (maps, descriptor and transition arrays), shared by every object
//    of one shape and recreated when the last object of a shape dies.
//  - hidden 'system / WeakArrayList': V8's weak bookkeeping lists (the maps using a prototype,
//    maps kept for a few GCs, scripts), grown when hidden classes are made; no graph object owns one.
//  - native, synthetic: Node's embedder objects and the snapshot's own root groups; rebuilt by every
//    snapshot, so they always look new.
export const EXCLUDED_TYPES = ['code', 'object shape', 'native', 'synthetic'];
export const EXCLUDED_HIDDEN = 'system / WeakArrayList';

// { ids: Set of every node id, nodes: [{type, name, id, size}] of the countable nodes }. Countable:
// not of an excluded type, and reachable from the snapshot's root along strong edges without
// passing through code (an object that only feedback or an allocation site keeps alive, such as
// an object literal's boilerplate, is a compilation artefact too).
export function readSnapshot(path) {
  const snap = JSON.parse(readFileSync(path, 'utf8'));
  const meta = snap.snapshot.meta;
  const width = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const at = (field) => meta.node_fields.indexOf(field);
  const [iType, iName, iId, iSize, iEdges] = [at('type'), at('name'), at('id'), at('self_size'), at('edge_count')];
  const eType = meta.edge_fields.indexOf('type');
  const eTo = meta.edge_fields.indexOf('to_node');
  const { nodes, edges, strings } = snap;
  const count = nodes.length / width;
  const code = types.indexOf('code');
  const weak = edgeTypes.indexOf('weak');
  const firstEdge = new Uint32Array(count + 1);
  for (let n = 0; n < count; n++) firstEdge[n + 1] = firstEdge[n] + nodes[n * width + iEdges] * edgeWidth;
  const reached = new Uint8Array(count);
  const stack = [0];
  reached[0] = 1;
  while (stack.length) {
    const n = stack.pop();
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += edgeWidth) {
      if (edges[e + eType] === weak) continue;
      const to = edges[e + eTo] / width;
      if (reached[to] || nodes[to * width + iType] === code) continue;
      reached[to] = 1;
      stack.push(to);
    }
  }
  const ids = new Set();
  const countable = [];
  for (let n = 0; n < count; n++) {
    const k = n * width;
    const id = nodes[k + iId];
    ids.add(id);
    if (!reached[n]) continue;
    const type = types[nodes[k + iType]];
    if (EXCLUDED_TYPES.includes(type)) continue;
    if (type === 'hidden' && strings[nodes[k + iName]] === EXCLUDED_HIDDEN) continue;
    countable.push({ type, name: constructorName(type, strings[nodes[k + iName]]), id, size: nodes[k + iSize] });
  }
  return { ids, nodes: countable };
}

// Strings and numbers are named by their value in a snapshot; group them by type alone.
function constructorName(type, name) {
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return '(string)';
  if (type === 'number') return 'heap number';
  if (type === 'bigint') return '(bigint)';
  if (type === 'symbol') return '(symbol)';
  return name;
}

const keyOf = (type, name) => `${type}\u0000${name}`;

// Groups of the nodes of `after` that `before` does not have: Map key -> {type, name, count, bytes}.
export function newSince(before, after) {
  const groups = new Map();
  for (const n of after.nodes) {
    if (before.ids.has(n.id)) continue;
    const key = keyOf(n.type, n.name);
    const g = groups.get(key) ?? { type: n.type, name: n.name, count: 0, bytes: 0 };
    g.count += 1;
    g.bytes += n.size;
    groups.set(key, g);
  }
  return groups;
}

// (a - b) / divisor per group, dropping groups that come out 0 in both count and bytes.
export function differenceOf(a, b, divisor = 1) {
  const out = new Map();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) ?? { count: 0, bytes: 0 };
    const y = b.get(key) ?? { count: 0, bytes: 0 };
    const { type, name } = a.get(key) ?? b.get(key);
    const count = (x.count - y.count) / divisor;
    const bytes = (x.bytes - y.bytes) / divisor;
    if (count !== 0 || bytes !== 0) out.set(key, { type, name, count, bytes });
  }
  return out;
}

// The report's breakdown: largest first, ties by type then name, so its order is deterministic.
export function breakdownOf(groups) {
  return [...groups.values()]
    .map(({ type, name, count, bytes }) => ({ type, name, count, bytes }))
    .sort((p, q) => q.bytes - p.bytes || q.count - p.count || cmp(p.type, q.type) || cmp(p.name, q.name));
}

export const sumBytes = (breakdown) => breakdown.reduce((s, p) => s + p.bytes, 0);

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
