// alien-signals 1.x (npm alias alien-signals-1), beside 3.x: a signal or computed is the accessor
// function the library returns (call to read, call with a value to write). No root(), as for 3.x:
// an effectScope tracks the reads made inside it, which would add a Link to every figure.
import { signal, computed, effect, startBatch, endBatch } from 'alien-signals-1';

export default {
  name: 'alien-signals',
  package: 'alien-signals-1',
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
