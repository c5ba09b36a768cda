// solid-js 1.x, its reactive core from the browser build (solid-js/dist/solid.js): Node's default
// resolution picks Solid's server build, which does not react at all. A signal's handle is the
// [read, write] pair createSignal returns; a computed is createMemo's read function (memos are
// eager). An effect is a createRenderEffect, which runs when created as sigheap's effects do
// (createEffect inside a root waits for the root to finish); Solid has no disposer per
// computation, so each effect gets its own createRoot, whose dispose is the effect's disposer.
import { createSignal, createMemo, createRenderEffect, createRoot, batch } from 'solid-js/dist/solid.js';

export default {
  name: 'solid-js',
  package: 'solid-js',
  signal: (v) => createSignal(v),
  computed: (fn) => createMemo(fn),
  effect: (fn) =>
    createRoot((dispose) => {
      createRenderEffect(fn);
      return dispose;
    }),
  get: (h) => (typeof h === 'function' ? h() : h[0]()),
  set: (h, v) => {
    h[1](v);
  },
  batch: (fn) => batch(fn),
  root: (fn) => createRoot((dispose) => ({ value: fn(), dispose })),
  // What the library does (conformance.mjs measures each and fails on a contradiction).
  capabilities: {
    lazyComputeds: false,
    glitchFree: true,
    equalityCutoff: true,
    dynamicDependencies: true,
    batch: 'defers-effects',
    syncEffects: true,
    disposeReleases: 'effect only',
    unobservedFollowsWrites: true,
    cachesUnobserved: true,
    unobservedOncePerWrite: true,
  },
};
