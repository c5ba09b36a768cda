// The @preact/signals-core adapter, for the current and the older measured 1.x: class-based signals,
// a handle is the library's Signal or Computed object, read and written through `.value`.

/**
 * An adapter over `lib`, a @preact/signals-core module namespace (signal, computed, effect, batch).
 * `pkg`: the package it was imported from, as installed (an npm alias for an older version).
 */
export function preactSignalsCoreAdapter(lib, { pkg }) {
  const { signal, computed, effect, batch } = lib;
  return {
    name: 'preact-signals-core',
    package: pkg,
    signal: (v) => signal(v),
    computed: (fn) => computed(fn),
    effect: (fn) => effect(fn),
    get: (h) => h.value,
    set: (h, v) => {
      h.value = v;
    },
    batch: (fn) => batch(fn),
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
