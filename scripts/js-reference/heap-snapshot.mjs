// Reading V8 heap snapshots, in the measuring process once its last snapshot is written (parsing a
// snapshot allocates far more than the graph being measured, so never before), or in the runner for
// an engine it drives (chromium). A snapshot file is read once into its node ids and its countable
// nodes; figures are differences of groups of nodes that are new since an earlier snapshot, grouped
// by (node type, constructor name).
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

// One snapshot file, read as far as it is used: `ids.has(id)` (every node id: a snapshot that is
// only ever "before" needs no more) and `groupsNewSince(before)`, its countable nodes that `before`
// does not have, grouped. Countable: not of an excluded type, and reachable from the snapshot's
// root along strong edges without passing through code (an object that only feedback or an
// allocation site keeps alive, such as an object literal's boilerplate, is a compilation artefact
// too).
export function readSnapshot(path) {
  const file = readFileSync(path);
  const { meta, edgeCount, nodes, end } = snapshotNodes(file, path);
  const width = meta.node_fields.length;
  const at = (field) => meta.node_fields.indexOf(field);
  const [iType, iName, iId, iSize, iEdges] = [at('type'), at('name'), at('id'), at('self_size'), at('edge_count')];
  const count = nodes.length / width;
  let ids = null;
  return {
    get ids() {
      if (!ids) {
        const all = new Uint32Array(count);
        for (let n = 0; n < count; n++) all[n] = nodes[n * width + iId];
        ids = idSet(all);
      }
      return ids;
    },
    groupsNewSince(before) {
      const { edges, strings } = snapshotEdgesAndStrings(file, path, meta, edgeCount, end);
      const edgeWidth = meta.edge_fields.length;
      const types = meta.node_types[0];
      const eType = meta.edge_fields.indexOf('type');
      const eTo = meta.edge_fields.indexOf('to_node');
      const code = types.indexOf('code');
      const weak = meta.edge_types[0].indexOf('weak');
      const firstEdge = new Uint32Array(count + 1);
      for (let n = 0; n < count; n++) firstEdge[n + 1] = firstEdge[n] + nodes[n * width + iEdges] * edgeWidth;
      const reached = new Uint8Array(count);
      const stack = new Uint32Array(count);
      let top = 0;
      stack[top++] = 0;
      reached[0] = 1;
      while (top > 0) {
        const n = stack[--top];
        for (let e = firstEdge[n]; e < firstEdge[n + 1]; e += edgeWidth) {
          if (edges[e + eType] === weak) continue;
          const to = edges[e + eTo] / width;
          if (reached[to] || nodes[to * width + iType] === code) continue;
          reached[to] = 1;
          stack[top++] = to;
        }
      }
      const excluded = types.map((type) => EXCLUDED_TYPES.includes(type));
      const hidden = types.indexOf('hidden');
      const groups = groupTable();
      // (name string, type) -> group (-1: not counted; -2: not seen yet), each pair named once.
      const pairGroup = new Map();
      for (let n = 0; n < count; n++) {
        const k = n * width;
        const type = nodes[k + iType];
        // A node of size 0 holds no memory: Chromium's and Deno's V8 list some heap numbers and
        // strings so (node's never), and they would show as "1 × heap number 0 B" in a breakdown.
        if (!reached[n] || excluded[type] || nodes[k + iSize] === 0 || before.ids.has(nodes[k + iId])) continue;
        const pair = nodes[k + iName] * types.length + type;
        let g = pairGroup.get(pair) ?? -2;
        if (g === -2) {
          const name = strings[nodes[k + iName]];
          g = type === hidden && name === EXCLUDED_HIDDEN ? -1 : groups.of(types[type], name);
          pairGroup.set(pair, g);
        }
        if (g >= 0) groups.add(g, nodes[k + iSize]);
      }
      return groups.result();
    },
  };
}

// Groups by (node type, constructor): of(type, name) gives a group's index, add(g, size) counts a
// node in it, result() is the Map key -> {type, name, count, bytes} of the groups with a node.
export function groupTable() {
  const groups = [];
  const index = new Map();
  return {
    of(type, rawName) {
      const name = constructorName(type, rawName);
      const key = keyOf(type, name);
      let g = index.get(key);
      if (g === undefined) {
        g = groups.length;
        groups.push({ type, name, count: 0, bytes: 0 });
        index.set(key, g);
      }
      return g;
    },
    add(g, size) {
      groups[g].count += 1;
      groups[g].bytes += size;
    },
    result: () => new Map(groups.filter((g) => g.count > 0).map((g) => [keyOf(g.type, g.name), g])),
  };
}

// Node ids are unsigned 32-bit numbers; a bitmap up to the largest answers has() without a Set.
export function idSet(all) {
  let max = 0;
  for (let n = 0; n < all.length; n++) if (all[n] > max) max = all[n];
  const bits = new Uint8Array((max >>> 3) + 1);
  for (let n = 0; n < all.length; n++) bits[all[n] >>> 3] |= 1 << (all[n] & 7);
  return { has: (id) => id <= max && (bits[id >>> 3] & (1 << (id & 7))) !== 0 };
}

// A V8 .heapsnapshot file (JSON) without parsing its numbers as JSON: the header and the strings
// are JSON, `nodes` and `edges` (most of the file) are read as unsigned integers into typed arrays.
// The layout is the one V8's serializer writes: {"snapshot":{...},"nodes":[...],"edges":[...], ...
// numeric sections ..., "strings":[...]}.
function snapshotNodes(file, path) {
  const nodesAt = sectionStart(file, path, 'nodes', 0);
  const header = file.toString('utf8', 0, nodesAt - '"nodes":['.length).trim().replace(/,$/, '');
  const { meta, node_count: nodeCount, edge_count: edgeCount } = JSON.parse(`${header}}`).snapshot;
  const nodes = new Uint32Array(nodeCount * meta.node_fields.length);
  return { meta, edgeCount, nodes, end: readUints(file, nodesAt, nodes, path) };
}

function snapshotEdgesAndStrings(file, path, meta, edgeCount, from) {
  const edges = new Uint32Array(edgeCount * meta.edge_fields.length);
  const edgesEnd = readUints(file, sectionStart(file, path, 'edges', from), edges, path);
  const stringsAt = sectionStart(file, path, 'strings', edgesEnd) - 1;
  return { edges, strings: JSON.parse(file.toString('utf8', stringsAt, file.lastIndexOf(']') + 1)) };
}

// Where the array `"name":[` starts (after its bracket), searching from `from`.
function sectionStart(file, path, name, from) {
  const at = file.indexOf(`"${name}":[`, from, 'latin1');
  if (at < 0) throw new Error(`${path}: no "${name}" in the heap snapshot`);
  return at + name.length + 4;
}

// Fills `out` with the comma-separated unsigned integers from `pos` on; returns the position after
// the closing bracket.
function readUints(file, pos, out, path) {
  let k = 0;
  for (;;) {
    let c = file[pos++];
    while (c === 44 || c === 10 || c === 13 || c === 32) c = file[pos++];
    if (c === 93) break; // ']'
    let v = c - 48;
    if (v < 0 || v > 9 || k === out.length) throw new Error(`${path}: unexpected '${String.fromCharCode(c)}' in the heap snapshot`);
    for (c = file[pos++]; c >= 48 && c <= 57; c = file[pos++]) v = v * 10 + (c - 48);
    if (v > 0xffffffff) throw new Error(`${path}: number ${v} out of range in the heap snapshot`);
    out[k++] = v;
    pos--;
  }
  if (k !== out.length) throw new Error(`${path}: ${k} numbers where the header announces ${out.length}`);
  return pos;
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

// Groups of the countable nodes of `after` that `before` does not have: Map key -> {type, name,
// count, bytes}.
export const newSince = (before, after) => after.groupsNewSince(before);

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

// A breakdown back as groups (Map key -> {type, name, count, bytes}), for differenceOf.
export const groupsOf = (breakdown) => new Map(breakdown.map((g) => [keyOf(g.type, g.name), g]));

export const sumBytes = (breakdown) => breakdown.reduce((s, p) => s + p.bytes, 0);

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
