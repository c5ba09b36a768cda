// @reactively/core: one Reactive class for signals, computeds (a function) and effects (a function
// with effect = true). Writes only mark; effects run on stabilize(), which this adapter calls at
// the end of every write outside batch() and at the end of batch(). Reactively has no dispose: an
// effect is released by turning it into a plain value (set() with a non-function drops its sources).
import { Reactive, stabilize } from '@reactively/core';

let depth = 0;

export default {
  name: 'reactively',
  package: '@reactively/core',
  signal: (v) => new Reactive(v),
  computed: (fn) => new Reactive(fn),
  effect: (fn) => {
    const e = new Reactive(fn, true);
    if (depth === 0) stabilize();
    return () => e.set(undefined);
  },
  get: (h) => h.get(),
  set: (h, v) => {
    h.set(v);
    if (depth === 0) stabilize();
  },
  batch: (fn) => {
    depth++;
    try {
      fn();
    } finally {
      if (--depth === 0) stabilize();
    }
  },
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
