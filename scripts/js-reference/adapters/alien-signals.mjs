// alien-signals 3.x: a signal or computed is the accessor function the library returns (call to
// read, call with a value to write); effectScope is its owner scope.
import { signal, computed, effect, effectScope, startBatch, endBatch } from 'alien-signals';

export default {
  name: 'alien-signals',
  package: 'alien-signals',
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
  root: (fn) => {
    let value;
    const dispose = effectScope(() => {
      value = fn();
    });
    return { value, dispose };
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
