// @preact/signals-core, an older 1.x (npm alias preact-signals-core-1.5), beside the current one.
import { signal, computed, effect, batch } from 'preact-signals-core-1.5';

export default {
  name: 'preact-signals-core',
  package: 'preact-signals-core-1.5',
  signal: (v) => signal(v),
  computed: (fn) => computed(fn),
  effect: (fn) => effect(fn),
  get: (h) => h.value,
  set: (h, v) => {
    h.value = v;
  },
  batch: (fn) => batch(fn),
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
