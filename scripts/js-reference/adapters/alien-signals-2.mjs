// alien-signals 2.x (npm alias alien-signals-2), beside 3.x: a signal or computed is the accessor
// function the library returns (call to read, call with a value to write).
import { signal, computed, effect, startBatch, endBatch } from 'alien-signals-2';

// No root(): in 2.0.8, a batched write that reaches several effects inside one effectScope makes
// its flush call the scope as if it were an effect ("e.fn is not a function"; cellx shows it), so
// effects here are top-level and disposed one by one.

export default {
  name: 'alien-signals',
  package: 'alien-signals-2',
  signal: (v) => signal(v),
  computed: (fn) => computed(fn),
  effect: (fn) => effect(fn),
  get: (h) => h(),
  set: (h, v) => h(v),
  batch: (fn) => {
    startBatch();
    try {
      fn();
    } finally {
      endBatch();
    }
  },
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
