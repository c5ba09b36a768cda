// @solidjs/signals, Solid 2's standalone reactive core. Writes are queued and effects run on
// flush(); this adapter flushes at the end of every write outside batch() and at the end of batch().
// A signal's handle is the [read, write] pair createSignal returns; a computed is createMemo's read
// function; an effect is createEffect(compute, apply) inside its own createRoot (its disposer).
import { createSignal, createMemo, createEffect, createRoot, flush } from '@solidjs/signals';

let depth = 0;
const noop = () => {};

export default {
  name: 'solidjs-signals',
  package: '@solidjs/signals',
  signal: (v) => createSignal(v),
  computed: (fn) => createMemo(fn),
  effect: (fn) => {
    const dispose = createRoot((d) => {
      createEffect(fn, noop);
      return d;
    });
    if (depth === 0) flush();
    return dispose;
  },
  get: (h) => (typeof h === 'function' ? h() : h[0]()),
  set: (h, v) => {
    h[1](v);
    if (depth === 0) flush();
  },
  batch: (fn) => {
    depth++;
    try {
      fn();
    } finally {
      if (--depth === 0) flush();
    }
  },
  root: (fn) => createRoot((dispose) => ({ value: fn(), dispose })),
  // The library queues effects; this adapter runs them at the end of each write and batch.
  scheduler: 'adapter',
  // What the library does (conformance.mjs measures each and fails on a contradiction).
  capabilities: {
    lazyComputeds: false,
    glitchFree: true,
    equalityCutoff: true,
    dynamicDependencies: true,
    batch: 'defers-effects',
    syncEffects: true,
    disposeReleases: 'yes',
    unobservedFollowsWrites: false,
    cachesUnobserved: true,
    unobservedOncePerWrite: true,
  },
};
