// sigheap's scenarios, ported from scenarios/*.h: the same graph, the same writes, the same checksum
// (tests/js_conformance_test.py compares every checksum with the C++ one, for every library). `api`
// is a library from libraries.mjs: signal, computed, effect, get, set, batch (docs/adding-a-js-library.md).
//
// Each scenario: { name, params: {name: default}, paramSets?, iterations, requires?, prepare?(p),
// shape(p), setup(api, p) -> st, iteration(api, st, i) }. `st.checksum` accumulates what is read, and
// `st.disposers` holds the disposer of every effect setup created, so a measurement can dispose
// everything afterwards. `requires` lists the capabilities (conformance.mjs) that the checksum, or a
// usable run time, depends on;
// skipReason() turns a missing one into a stated reason instead of a wrong checksum. `prepare(p)`
// (optional) makes the scenario's non-graph data (the seeded plan of a dynamic graph) ahead of
// setup, as C++ does in the scenario's constructor, so a measurement of setup can leave it out.

const MOD = 1000007;

function leftOf(source) {
  let r = source;
  for (let j = 0; j < 5; j++) r = (r * 31 + j) % MOD;
  return r;
}
function rightOf(source) {
  let r = source;
  for (let j = 0; j < 5; j++) r = (r * 37 + 2 * j) % MOD;
  return r;
}

// An effect whose disposer the scenario keeps in st.disposers.
const watch = (api, st, fn) => {
  st.disposers.push(api.effect(fn));
};
const headWriteSeen = (api, st, i) => {
  api.set(st.head, i + 1);
  st.checksum += st.seen;
};
// For scenarios whose effects each record into st.seen[]: add them all to the checksum.
const addSeen = (st) => {
  for (const v of st.seen) st.checksum += v;
};
const headWriteAllSeen = (api, st, i) => {
  api.set(st.head, i + 1);
  addSeen(st);
};

// `first`, then depth - 1 computeds each (previous + 1); returns the last.
function chain(api, first, depth) {
  let end = first;
  for (let k = 1; k < depth; k++) {
    const prev = end;
    end = api.computed(() => api.get(prev) + 1);
  }
  return end;
}

// cellx: the two alternating batches of writes, and what is read after each.
const CELLX_VALUES = [
  [4, 3, 2, 1],
  [1, 2, 3, 4],
];
function cellxReadEnd(api, st) {
  const last = 4 * (st.layers - 1);
  for (let k = 0; k < 4; k++) st.checksum += api.get(st.nodes[last + k]) * (k + 1);
}

// mol-bench: C++'s int64 remainder (truncating, sign of the dividend, as JS's %), and fib(16).
const FIB16 = 987;
const mod2 = (v) => Math.trunc(v) % 2;
const molAddSeen = (st) => {
  st.checksum += st.seen[0] + 2 * st.seen[1] + 3 * st.seen[2];
};

// The C++ scenarios' generator (SplitMix64, impls/reactive.h), in exact uint64 arithmetic.
const U64 = (1n << 64n) - 1n;
class SplitMix64 {
  constructor(state) {
    this.state = BigInt.asUintN(64, state);
  }
  next() {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & U64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & U64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & U64;
    return z ^ (z >> 31n);
  }
}

// The seeded dynamic graphs (scenarios/dynamic_graph.h): a layer of `width` signals, then
// `layers - 1` layers of `width` computeds, each reading `sources` consecutive nodes of the previous
// layer from a seeded offset; a dynamic computed reads the rest only when its first source is even.
const DYN_MOD = 1000003;
const dynamicPlans = new Map(); // JSON(params) -> { first: Uint32Array, dynamic: Uint8Array }

// The graph's random plan, made once per parameter set (C++ makes it in the scenario's constructor,
// outside the measured setup; prepare() lets a measurement do the same).
function dynamicPlan(p) {
  const key = JSON.stringify(p);
  let plan = dynamicPlans.get(key);
  if (plan) return plan;
  const count = p.width * (p.layers - 1);
  plan = { first: new Uint32Array(count), dynamic: new Uint8Array(count) };
  const rng = new SplitMix64(BigInt(p.seed) * 0x9e3779b97f4a7c15n + 12345n);
  const width = BigInt(p.width);
  const staticPermille = BigInt(p.static_permille);
  for (let n = 0; n < count; n++) {
    plan.first[n] = Number(rng.next() % width);
    plan.dynamic[n] = rng.next() % 1000n >= staticPermille ? 1 : 0;
  }
  dynamicPlans.set(key, plan);
  return plan;
}

// Unobserved, the deep and dense graphs are tractable only for a library that evaluates each
// computed at most once per write (and, reading every leaf each iteration, keeps unobserved values
// between reads).
const ONCE_PER_WRITE = {
  value: true,
  why: 're-evaluating per read path, this unobserved graph costs time exponential in its depth',
};
const CACHES_UNOBSERVED = {
  value: true,
  why: 'recomputing the whole upstream of every unobserved leaf it reads (all of them, every iteration) takes minutes here',
};

function dynamicGraph(name, defaults, iterations, requires) {
  const params = { ...defaults, seed: 1 };
  return {
    name,
    params,
    iterations,
    requires,
    prepare: dynamicPlan,
    // The initial edges: evaluate the rule directly at the initial values, then follow what the
    // leaves (all read at setup) read, as count_initial_edges() in C++.
    shape(p) {
      const { first, dynamic } = dynamicPlan(p);
      const { width } = p;
      const sources = Math.min(p.sources, width);
      const total = first.length;
      const value = new Float64Array(total);
      const reads = new Uint32Array(total);
      for (let n = 0; n < total; n++) {
        const layer = Math.floor(n / width);
        let count = 0;
        value[n] = dynamicRule(dynamic[n], sources, (k) => {
          count++;
          const s = (first[n] + k) % width;
          return layer === 0 ? s : value[(layer - 1) * width + s];
        });
        reads[n] = count;
      }
      const evaluated = new Uint8Array(total);
      evaluated.fill(1, total - width);
      let edges = 0;
      for (let n = total - 1; n >= 0; n--) {
        if (!evaluated[n]) continue;
        edges += reads[n];
        if (n < width) continue;
        for (let k = 0; k < reads[n]; k++) evaluated[(Math.floor(n / width) - 1) * width + ((first[n] + k) % width)] = 1;
      }
      return { signals: width, computeds: total, effects: 0, edges };
    },
    setup(api, p) {
      const { first, dynamic } = dynamicPlan(p);
      const { width } = p;
      const sources = Math.min(p.sources, width);
      const st = {
        checksum: 0,
        disposers: [],
        width,
        reads: Math.max(1, Math.floor((width * p.read_permille) / 1000)),
        signals: new Array(width),
        computeds: new Array(first.length),
      };
      const { signals, computeds } = st;
      for (let j = 0; j < width; j++) signals[j] = api.signal(j);
      for (let n = 0; n < first.length; n++) {
        const prev = n < width ? signals : computeds;
        const at = n < width ? 0 : (Math.floor(n / width) - 1) * width;
        const offset = first[n];
        const isDynamic = dynamic[n];
        computeds[n] = api.computed(() => dynamicRule(isDynamic, sources, (k) => api.get(prev[at + ((offset + k) % width)])));
      }
      st.leaves = first.length - width;
      for (let j = 0; j < width; j++) st.checksum += api.get(computeds[st.leaves + j]);
      return st;
    },
    iteration(api, st, i) {
      api.set(st.signals[i % st.width], i + st.width);
      for (let j = 0; j < st.reads; j++) st.checksum += api.get(st.computeds[st.leaves + j]);
    },
  };
}

// A computed's rule: read the first source; a static computed, or a dynamic one whose first source
// is even, reads the others too. Values stay integers below DYN_MOD.
function dynamicRule(isDynamic, sources, value) {
  const first = Math.trunc(value(0));
  let sum = first;
  if (!isDynamic || first % 2 === 0) {
    for (let k = 1; k < sources; k++) sum += Math.trunc(value(k));
  }
  return (sum + 1) % DYN_MOD;
}

export const scenarios = [
  {
    name: 'computed-diamond-simple',
    params: {},
    iterations: 100000,
    shape: () => ({ signals: 1, computeds: 3, effects: 0, edges: 4 }),
    setup(api) {
      const st = { checksum: 0, disposers: [] };
      st.source = api.signal(0);
      const left = api.computed(() => leftOf(api.get(st.source)));
      const right = api.computed(() => rightOf(api.get(st.source)));
      st.bottom = api.computed(() => {
        const l = api.get(left);
        const r = api.get(right);
        return (l * l + r * r) % MOD;
      });
      st.checksum += api.get(st.bottom);
      return st;
    },
    iteration(api, st, i) {
      api.set(st.source, i + 1);
      st.checksum += api.get(st.bottom);
    },
  },
  {
    name: 'computed-diamond-wide',
    params: { width: 10 },
    iterations: 20000,
    shape: (p) => ({ signals: 1, computeds: p.width + 1, effects: 0, edges: 2 * p.width }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [] };
      st.source = api.signal(0);
      const paths = [];
      for (let k = 0; k < p.width; k++) paths.push(api.computed(() => (api.get(st.source) * (k + 1) + k) % MOD));
      st.bottom = api.computed(() => {
        let sum = 0;
        for (const path of paths) sum += api.get(path);
        return sum % MOD;
      });
      st.checksum += api.get(st.bottom);
      return st;
    },
    iteration(api, st, i) {
      api.set(st.source, i + 1);
      st.checksum += api.get(st.bottom);
    },
  },
  {
    name: 'computed-chain-deep',
    params: { depth: 50 },
    iterations: 10000,
    shape: (p) => ({ signals: 1, computeds: p.depth, effects: 0, edges: p.depth }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [] };
      st.source = api.signal(0);
      st.end = chain(api, api.computed(() => api.get(st.source) + 1), p.depth);
      st.checksum += api.get(st.end);
      return st;
    },
    iteration(api, st, i) {
      api.set(st.source, i + 1);
      st.checksum += api.get(st.end);
    },
  },
  {
    name: 'kairo-avoidable',
    params: {},
    iterations: 20000,
    shape: () => ({ signals: 1, computeds: 5, effects: 1, edges: 6 }),
    setup(api) {
      const st = { checksum: 0, disposers: [], seen: 0 };
      st.head = api.signal(0);
      const c1 = api.computed(() => api.get(st.head));
      const c2 = api.computed(() => api.get(c1) * 0);
      const c3 = api.computed(() => api.get(c2) + 1);
      const c4 = api.computed(() => api.get(c3) + 2);
      const c5 = api.computed(() => api.get(c4) + 3);
      watch(api, st, () => {
        st.seen = api.get(c5);
      });
      st.checksum += st.seen;
      return st;
    },
    iteration(api, st, i) {
      api.batch(() => api.set(st.head, i + 1));
      st.checksum += st.seen;
    },
  },
  {
    name: 'kairo-broad',
    params: { width: 50 },
    iterations: 2000,
    shape: (p) => ({ signals: 1, computeds: 2 * p.width, effects: p.width, edges: 3 * p.width }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], seen: new Array(p.width).fill(0) };
      st.head = api.signal(0);
      for (let i = 0; i < p.width; i++) {
        const first = api.computed(() => api.get(st.head) + i);
        const second = api.computed(() => api.get(first) + 1);
        watch(api, st, () => {
          st.seen[i] = api.get(second);
        });
      }
      addSeen(st);
      return st;
    },
    iteration: headWriteAllSeen,
  },
  {
    name: 'kairo-deep',
    params: { length: 50 },
    iterations: 5000,
    shape: (p) => ({ signals: 1, computeds: p.length, effects: 1, edges: p.length + 1 }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], seen: 0 };
      st.head = api.signal(0);
      let current = api.computed(() => api.get(st.head) + 1);
      for (let i = 1; i < p.length; i++) {
        const prev = current;
        current = api.computed(() => api.get(prev) + 1);
      }
      const last = current;
      watch(api, st, () => {
        st.seen = api.get(last);
      });
      st.checksum += st.seen;
      return st;
    },
    iteration: headWriteSeen,
  },
  {
    name: 'kairo-diamond',
    params: { width: 5 },
    iterations: 20000,
    shape: (p) => ({ signals: 1, computeds: p.width + 1, effects: 1, edges: 2 * p.width + 1 }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], seen: 0 };
      st.head = api.signal(0);
      const branches = [];
      for (let i = 0; i < p.width; i++) branches.push(api.computed(() => api.get(st.head) + 1));
      const sum = api.computed(() => {
        let total = 0;
        for (const b of branches) total += api.get(b);
        return total;
      });
      watch(api, st, () => {
        st.seen = api.get(sum);
      });
      st.checksum += st.seen;
      return st;
    },
    iteration: headWriteSeen,
  },
  {
    name: 'kairo-mux',
    params: { width: 100 },
    iterations: 2000,
    shape: (p) => ({ signals: p.width, computeds: 2 * p.width + 1, effects: p.width, edges: 4 * p.width }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], seen: new Array(p.width).fill(0), width: p.width };
      const values = new Array(p.width).fill(0);
      let generation = 0;
      st.heads = [];
      for (let i = 0; i < p.width; i++) st.heads.push(api.signal(0));
      const mux = api.computed(() => {
        for (let i = 0; i < p.width; i++) values[i] = api.get(st.heads[i]);
        return ++generation;
      });
      for (let i = 0; i < p.width; i++) {
        const split = api.computed(() => {
          api.get(mux);
          return values[i];
        });
        const out = api.computed(() => api.get(split) + 1);
        watch(api, st, () => {
          st.seen[i] = api.get(out);
        });
      }
      addSeen(st);
      return st;
    },
    iteration(api, st, i) {
      api.set(st.heads[i % Math.min(10, st.width)], i + 1);
      addSeen(st);
    },
  },
  {
    name: 'kairo-repeated',
    params: { reads: 30 },
    iterations: 20000,
    shape: () => ({ signals: 1, computeds: 1, effects: 1, edges: 2 }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], seen: 0 };
      st.head = api.signal(0);
      const current = api.computed(() => {
        let total = 0;
        for (let k = 0; k < p.reads; k++) total += api.get(st.head);
        return total;
      });
      watch(api, st, () => {
        st.seen = api.get(current);
      });
      st.checksum += st.seen;
      return st;
    },
    iteration: headWriteSeen,
  },
  {
    name: 'kairo-triangle',
    params: { width: 10 },
    iterations: 10000,
    shape: (p) => ({ signals: 1, computeds: p.width + 1, effects: 1, edges: p.width - 1 + p.width + 1 }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], seen: 0 };
      st.head = api.signal(0);
      const chain = [];
      let prev = api.computed(() => api.get(st.head) + 1);
      chain.push(prev);
      for (let i = 2; i < p.width; i++) {
        const before = prev;
        prev = api.computed(() => api.get(before) + 1);
        chain.push(prev);
      }
      const lastLink = prev;
      api.computed(() => api.get(lastLink) + 1); // the unread last link
      const sum = api.computed(() => {
        let total = api.get(st.head);
        for (const c of chain) total += api.get(c);
        return total;
      });
      watch(api, st, () => {
        st.seen = api.get(sum);
      });
      st.checksum += st.seen;
      return st;
    },
    iteration: headWriteSeen,
  },
  {
    name: 'kairo-unstable',
    params: {},
    iterations: 20000,
    shape: () => ({ signals: 1, computeds: 3, effects: 1, edges: 4 }),
    setup(api) {
      const st = { checksum: 0, disposers: [], seen: 0 };
      st.head = api.signal(0);
      const dbl = api.computed(() => api.get(st.head) * 2);
      const inverse = api.computed(() => -api.get(st.head));
      const current = api.computed(() => {
        let total = 0;
        for (let k = 0; k < 20; k++) {
          const h = api.get(st.head);
          total += h % 2 !== 0 ? api.get(dbl) : api.get(inverse);
        }
        return total;
      });
      watch(api, st, () => {
        st.seen = api.get(current);
      });
      st.checksum += st.seen;
      return st;
    },
    iteration: headWriteSeen,
  },
  {
    name: 'cellx',
    params: { layers: 1000 },
    iterations: 100,
    shape: (p) => ({ signals: 4, computeds: 4 * p.layers, effects: 4 * p.layers, edges: 10 * p.layers }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], start: [], nodes: [], layers: p.layers };
      for (let k = 0; k < 4; k++) st.start.push(api.signal(k + 1));
      const { start, nodes } = st;
      for (let layer = 0; layer < p.layers; layer++) {
        // The previous layer's k-th node is prev[at + k] (no per-layer array: only the graph is measured).
        const prev = layer === 0 ? start : nodes;
        const at = layer === 0 ? 0 : 4 * (layer - 1);
        nodes.push(api.computed(() => api.get(prev[at + 1])));
        nodes.push(api.computed(() => api.get(prev[at]) - api.get(prev[at + 2])));
        nodes.push(api.computed(() => api.get(prev[at + 1]) + api.get(prev[at + 3])));
        nodes.push(api.computed(() => api.get(prev[at + 2])));
        for (let k = 0; k < 4; k++) {
          const node = nodes[4 * layer + k];
          watch(api, st, () => {
            api.get(node);
          });
        }
        for (let k = 0; k < 4; k++) api.get(nodes[4 * layer + k]);
      }
      cellxReadEnd(api, st);
      return st;
    },
    iteration(api, st, i) {
      const v = CELLX_VALUES[i % 2];
      api.batch(() => {
        for (let k = 0; k < 4; k++) api.set(st.start[k], v[k]);
      });
      cellxReadEnd(api, st);
    },
  },
  {
    name: 'mol-bench',
    params: {},
    iterations: 20000,
    shape: () => ({ signals: 2, computeds: 5, effects: 3, edges: 15 }),
    setup(api) {
      const st = { checksum: 0, disposers: [], seen: [0, 0, 0] };
      const a = (st.a = api.signal(0));
      const b = (st.b = api.signal(0));
      const c = api.computed(() => mod2(api.get(a)) + mod2(api.get(b)));
      const d = api.computed(() => mod2(api.get(a)) - mod2(api.get(b)));
      const e = api.computed(() => api.get(c) + api.get(a) + (0 + api.get(d)) + FIB16);
      const f = api.computed(() => {
        const d2 = 2 + api.get(d);
        return (d2 !== 0 ? d2 : api.get(b)) + FIB16;
      });
      const g = api.computed(() => {
        const cv = api.get(c);
        const cOrE = cv !== 0 ? api.get(c) : mod2(api.get(e));
        return cv + cOrE + (4 + api.get(d)) + api.get(f);
      });
      watch(api, st, () => {
        st.seen[0] = api.get(g) + FIB16;
      });
      watch(api, st, () => {
        st.seen[1] = api.get(g);
      });
      watch(api, st, () => {
        st.seen[2] = api.get(f) + FIB16;
      });
      molAddSeen(st);
      return st;
    },
    iteration(api, st, i) {
      const j = Math.floor(i / 2);
      if (i % 2 === 0) {
        api.batch(() => {
          api.set(st.b, 1);
          api.set(st.a, 1 + j * 2);
        });
      } else {
        api.batch(() => {
          api.set(st.a, 2 + j * 2);
          api.set(st.b, 2);
        });
      }
      molAddSeen(st);
    },
  },
  {
    name: 'scaling-subscribers',
    params: { n: 10 },
    paramSets: [{ n: 10 }, { n: 25 }, { n: 50 }, { n: 100 }],
    iterations: 5000,
    shape: (p) => ({ signals: 1, computeds: p.n, effects: p.n, edges: 2 * p.n }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], seen: new Array(p.n).fill(0) };
      st.head = api.signal(0); // `source` in the C++ scenario
      for (let i = 0; i < p.n; i++) {
        const c = api.computed(() => api.get(st.head) * (i + 1));
        watch(api, st, () => {
          st.seen[i] = api.get(c);
        });
      }
      addSeen(st);
      return st;
    },
    iteration: headWriteAllSeen,
  },
  {
    name: 'effect-cleanup',
    params: { width: 10 },
    iterations: 10000,
    shape: (p) => ({ signals: 1, computeds: p.width, effects: 0, edges: p.width }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], seen: 0, computeds: [] };
      st.source = api.signal(0);
      for (let k = 0; k < p.width; k++) {
        st.computeds.push(api.computed(() => api.get(st.source) + k));
        st.checksum += api.get(st.computeds[k]);
      }
      st.reader = () => {
        let total = 0;
        for (const c of st.computeds) total += api.get(c);
        st.seen = total;
      };
      return st;
    },
    iteration(api, st, i) {
      const dispose = api.effect(st.reader);
      api.set(st.source, i + 1);
      st.checksum += st.seen;
      dispose();
    },
  },
  {
    name: 'observe-unobserve',
    params: { depth: 5 },
    iterations: 10000,
    requires: {
      unobservedFollowsWrites: {
        value: true,
        why: 'each iteration reads the chain unobserved right after disposing its effect, and would read stale values',
      },
    },
    shape: (p) => ({ signals: 1, computeds: p.depth, effects: 0, edges: p.depth }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], seen: 0 };
      st.source = api.signal(0);
      st.end = chain(api, api.computed(() => api.get(st.source) * 2), p.depth);
      st.checksum += api.get(st.end);
      st.reader = () => {
        st.seen = api.get(st.end);
      };
      return st;
    },
    iteration(api, st, i) {
      const v = 2 * i + 1;
      const dispose = api.effect(st.reader);
      api.set(st.source, v);
      st.checksum += st.seen;
      dispose();
      api.set(st.source, v + 1);
      st.checksum += api.get(st.end);
    },
  },
  {
    name: 'creation',
    params: { n: 100000 },
    iterations: 1000,
    shape: (p) => ({ signals: p.n, computeds: p.n, effects: 0, edges: p.n }),
    setup(api, p) {
      const st = { checksum: 0, disposers: [], n: p.n, signals: new Array(p.n), computeds: new Array(p.n) };
      for (let k = 0; k < p.n; k++) {
        const s = (st.signals[k] = api.signal(k));
        st.computeds[k] = api.computed(() => api.get(s) * 2);
      }
      for (const c of st.computeds) st.checksum += api.get(c);
      return st;
    },
    iteration(api, st, i) {
      const k = i % st.n;
      api.set(st.signals[k], st.n + i);
      st.checksum += api.get(st.computeds[k]);
    },
  },
  dynamicGraph('dynamic-simple', { width: 10, layers: 5, sources: 2, static_permille: 1000, read_permille: 200 }, 20000),
  dynamicGraph('dynamic-wide-dense', { width: 1000, layers: 5, sources: 25, static_permille: 1000, read_permille: 1000 }, 100, {
    unobservedOncePerWrite: ONCE_PER_WRITE,
    cachesUnobserved: CACHES_UNOBSERVED,
  }),
  dynamicGraph('dynamic-deep', { width: 5, layers: 500, sources: 3, static_permille: 1000, read_permille: 1000 }, 500, {
    unobservedOncePerWrite: ONCE_PER_WRITE,
  }),
  dynamicGraph('dynamic-very-dynamic', { width: 100, layers: 15, sources: 6, static_permille: 500, read_permille: 1000 }, 1000, {
    unobservedOncePerWrite: ONCE_PER_WRITE,
    cachesUnobserved: CACHES_UNOBSERVED,
  }),
];

/**
 * Why `lib` cannot run `scenario` with the C++ semantics (one line), or null when it can: a
 * capability the scenario requires (scenario.requires) that the library does not have, or the
 * adapter's own `skips` entry for the scenario (a measurement that would take minutes). By default
 * the adapter's declared capabilities, which the conformance suite checks against the library's
 * measured behaviour; pass measured ones (conformance.mjs conform()) for a user's adapter that
 * declares none.
 */
export function skipReason(lib, scenario, capabilities = lib.capabilities ?? {}) {
  for (const [key, { value, why }] of Object.entries(scenario.requires ?? {})) {
    if (capabilities[key] !== undefined && capabilities[key] !== value) {
      return `${key} = ${JSON.stringify(capabilities[key])} (conformance.mjs): ${why}`;
    }
  }
  const declared = lib.skips?.[scenario.name];
  return declared ? `declared by the adapter: ${declared}` : null;
}

export function findScenario(name) {
  const s = scenarios.find((x) => x.name === name);
  if (!s) throw new Error(`unknown scenario '${name}'`);
  return s;
}

// Runs setup and `iterations` iterations; returns the checksum (as the C++ run does).
export function checksumOf(api, scenario, params, iterations) {
  const st = scenario.setup(api, params);
  for (let i = 0; i < iterations; i++) scenario.iteration(api, st, i);
  return st.checksum;
}
