// S.js: S.data is its signal, S(fn) its computation (eager: every computation is updated with the
// write, read or not), S.freeze its batch, S.root its owner scope. A computation made outside
// root() gets an unowned root of its own (S warns about computations without an owner); an effect
// is a computation in its own S.root, whose dispose is the effect's disposer.
import S from 's-js';

let inRoot = 0;

export default {
  name: 's-js',
  package: 's-js',
  signal: (v) => S.data(v),
  computed: (fn) => (inRoot > 0 ? S(fn) : S.root(() => S(fn))),
  effect: (fn) =>
    S.root((dispose) => {
      S(fn);
      return dispose;
    }),
  get: (h) => h(),
  set: (h, v) => h(v),
  batch: (fn) => S.freeze(fn),
  root: (fn) =>
    S.root((dispose) => {
      inRoot++;
      try {
        return { value: fn(), dispose };
      } finally {
        inRoot--;
      }
    }),
  // What the library does (conformance.mjs measures each and fails on a contradiction).
  capabilities: {
    lazyComputeds: false,
    glitchFree: true,
    equalityCutoff: false,
    dynamicDependencies: true,
    batch: 'defers-effects',
    syncEffects: true,
    disposeReleases: 'effect only',
    unobservedFollowsWrites: true,
    cachesUnobserved: true,
    unobservedOncePerWrite: true,
  },
};
