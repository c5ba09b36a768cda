// Svelte 5's runes through its client runtime (svelte/internal/client: what compiled components
// call for $state, $derived and $effect). Svelte schedules effects in a microtask; this adapter
// runs every write outside batch() inside flush(), Svelte's flushSync, so effects run with the
// write, and batch() is one flush around all its writes. Svelte effects live in an effect tree:
// an effect is a render effect under the current parent (the root() scope, or one effect root this
// adapter keeps), disposed with Svelte's destroy_effect.
import * as $ from 'svelte/internal/client';
import { createRequire } from 'node:module';

// Not exported by the package; imported by file so it is the same module instance the runtime uses.
const runtime = new URL('src/internal/client/', `file://${createRequire(import.meta.url).resolve('svelte/package.json')}`);
const { destroy_effect } = await import(new URL('reactivity/effects.js', runtime));
const { set_active_effect } = await import(new URL('runtime.js', runtime));

let host = null; // the effect root for effects made outside root()
let depth = 0;

export default {
  name: 'svelte',
  package: 'svelte',
  signal: (v) => $.state(v),
  computed: (fn) => $.derived(fn),
  effect: (fn) => {
    let parent = $.active_effect;
    if (parent === null) {
      if (host === null) $.effect_root(() => (host = $.active_effect));
      parent = host;
    }
    const previous = $.active_effect;
    set_active_effect(parent);
    let e;
    try {
      e = $.render_effect(fn);
    } finally {
      set_active_effect(previous);
    }
    return () => destroy_effect(e);
  },
  get: (h) => $.get(h),
  set: (h, v) => {
    if (depth > 0) $.set(h, v);
    else $.flush(() => $.set(h, v));
  },
  batch: (fn) => {
    if (depth > 0) return fn();
    depth++;
    try {
      $.flush(fn);
    } finally {
      depth--;
    }
  },
  root: (fn) => {
    let value;
    const dispose = $.effect_root(() => {
      value = fn();
    });
    return { value, dispose };
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
    unobservedOncePerWrite: false,
  },
};
