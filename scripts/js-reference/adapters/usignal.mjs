// usignal (its synchronous build, Node's default): preact-style .value signals and computeds,
// effect() returns its disposer, batch() defers effects.
import { signal, computed, effect, batch } from 'usignal';

export default {
  name: 'usignal',
  package: 'usignal',
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
    equalityCutoff: false,
    dynamicDependencies: true,
    batch: 'defers-effects',
    syncEffects: true,
    disposeReleases: 'yes',
    unobservedFollowsWrites: true,
    cachesUnobserved: true,
    unobservedOncePerWrite: true,
  },
};
