// sigheap's scenarios, ported from scenarios/*.h: the same graph, the same writes, the same checksum
// (tests/js_reference_test.py compares every checksum with the C++ one). `api` is an adapter from
// libraries.mjs: signal, computed, effect, get, set, batch.

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

// Each: { name, params: {name: default}, paramSets, iterations, shape(p), setup(api, p) -> state,
// iteration(api, state, i) } with state.checksum accumulating what is read.
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

export const scenarios = [
  {
    name: 'computed-diamond-simple',
    params: {},
    iterations: 100000,
    shape: () => ({ signals: 1, computeds: 3, effects: 0, edges: 4 }),
    setup(api) {
      const st = { checksum: 0 };
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
    name: 'scaling-subscribers',
    params: { n: 10 },
    paramSets: [{ n: 10 }, { n: 25 }, { n: 50 }, { n: 100 }],
    iterations: 5000,
    shape: (p) => ({ signals: 1, computeds: p.n, effects: p.n, edges: 2 * p.n }),
    setup(api, p) {
      const st = { checksum: 0, seen: new Array(p.n).fill(0) };
      st.head = api.signal(0); // `source` in the C++ scenario
      for (let i = 0; i < p.n; i++) {
        const c = api.computed(() => api.get(st.head) * (i + 1));
        api.effect(() => {
          st.seen[i] = api.get(c);
        });
      }
      addSeen(st);
      return st;
    },
    iteration: headWriteAllSeen,
  },
  {
    name: 'kairo-avoidable',
    params: {},
    iterations: 20000,
    shape: () => ({ signals: 1, computeds: 5, effects: 1, edges: 6 }),
    setup(api) {
      const st = { checksum: 0, seen: 0 };
      st.head = api.signal(0);
      const c1 = api.computed(() => api.get(st.head));
      const c2 = api.computed(() => api.get(c1) * 0);
      const c3 = api.computed(() => api.get(c2) + 1);
      const c4 = api.computed(() => api.get(c3) + 2);
      const c5 = api.computed(() => api.get(c4) + 3);
      api.effect(() => {
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
      const st = { checksum: 0, seen: new Array(p.width).fill(0) };
      st.head = api.signal(0);
      for (let i = 0; i < p.width; i++) {
        const first = api.computed(() => api.get(st.head) + i);
        const second = api.computed(() => api.get(first) + 1);
        api.effect(() => {
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
      const st = { checksum: 0, seen: 0 };
      st.head = api.signal(0);
      let current = api.computed(() => api.get(st.head) + 1);
      for (let i = 1; i < p.length; i++) {
        const prev = current;
        current = api.computed(() => api.get(prev) + 1);
      }
      const last = current;
      api.effect(() => {
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
      const st = { checksum: 0, seen: 0 };
      st.head = api.signal(0);
      const branches = [];
      for (let i = 0; i < p.width; i++) branches.push(api.computed(() => api.get(st.head) + 1));
      const sum = api.computed(() => {
        let total = 0;
        for (const b of branches) total += api.get(b);
        return total;
      });
      api.effect(() => {
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
      const st = { checksum: 0, seen: new Array(p.width).fill(0), width: p.width };
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
        api.effect(() => {
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
      const st = { checksum: 0, seen: 0 };
      st.head = api.signal(0);
      const current = api.computed(() => {
        let total = 0;
        for (let k = 0; k < p.reads; k++) total += api.get(st.head);
        return total;
      });
      api.effect(() => {
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
      const st = { checksum: 0, seen: 0 };
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
      api.effect(() => {
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
      const st = { checksum: 0, seen: 0 };
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
      api.effect(() => {
        st.seen = api.get(current);
      });
      st.checksum += st.seen;
      return st;
    },
    iteration: headWriteSeen,
  },
];

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
