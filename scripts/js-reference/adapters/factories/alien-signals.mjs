// The alien-signals adapter, for any of its measured major versions (1.x, 2.x, 3.x): their public
// API is the same here, so each version's adapter file passes in the module it imports. A signal or
// computed is the accessor function the library returns (call to read, call with a value to write).
//
// No root(): an effectScope tracks the reads made inside it (each top-level read links the node it
// reads to the scope), which would add a Link to every figure, and in 2.0.8 a batched write reaching
// several effects inside one scope makes its flush call the scope as if it were an effect (cellx
// shows it). Effects are top-level and disposed one by one instead.

/**
 * An adapter over `lib`, an alien-signals module namespace (signal, computed, effect, startBatch,
 * endBatch). `pkg`: the package it was imported from, as installed (an npm alias for older versions).
 */
export function alienSignalsAdapter(lib, { pkg }) {
  const { signal, computed, effect, startBatch, endBatch } = lib;
  return {
    name: 'alien-signals',
    package: pkg,
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
    // What the library does (conformance.mjs measures each and fails on a contradiction); the same
    // in every measured version.
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
}
