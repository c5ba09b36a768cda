// oby: $() makes an observable (call to read, call with a value to write), $.memo a computed,
// $.effect with { sync: true } a synchronous effect (returns its disposer), $.batch its batch,
// $.root its owner scope.
import $ from 'oby';

const SYNC = { sync: true };

export default {
  name: 'oby',
  package: 'oby',
  signal: (v) => $(v),
  computed: (fn) => $.memo(fn),
  effect: (fn) => $.effect(fn, SYNC),
  get: (h) => h(),
  set: (h, v) => h(v),
  batch: (fn) => $.batch(fn),
  root: (fn) => $.root((dispose) => ({ value: fn(), dispose })),
  // What the library does (conformance.mjs measures each and fails on a contradiction).
  capabilities: {
    lazyComputeds: true,
    glitchFree: true,
    equalityCutoff: true,
    dynamicDependencies: true,
    batch: 'none',
    syncEffects: true,
    disposeReleases: 'yes',
    unobservedFollowsWrites: true,
    cachesUnobserved: true,
    unobservedOncePerWrite: true,
  },
};
