// @maverick-js/signals (production build): a signal is a read function with .set(); effects are
// scheduled and run on tick(), which this adapter calls at the end of every write outside batch()
// and at the end of batch(); root() is its owner scope.
import { signal, computed, effect, root, tick } from '@maverick-js/signals';

let depth = 0;

export default {
  name: 'maverick-signals',
  package: '@maverick-js/signals',
  signal: (v) => signal(v),
  computed: (fn) => computed(fn),
  effect: (fn) => effect(fn),
  get: (h) => h(),
  set: (h, v) => {
    h.set(v);
    if (depth === 0) tick();
  },
  batch: (fn) => {
    depth++;
    try {
      fn();
    } finally {
      if (--depth === 0) tick();
    }
  },
  root: (fn) => root((dispose) => ({ value: fn(), dispose })),
  // The library queues effects; this adapter runs them at the end of each write and batch.
  scheduler: 'adapter',
  // What the library does (conformance.mjs measures each and fails on a contradiction).
  capabilities: {
    lazyComputeds: true,
    glitchFree: true,
    equalityCutoff: true,
    dynamicDependencies: true,
    batch: 'defers-effects',
    syncEffects: true,
    disposeReleases: 'yes',
    unobservedFollowsWrites: true,
    cachesUnobserved: true,
    unobservedOncePerWrite: true,
  },
};
