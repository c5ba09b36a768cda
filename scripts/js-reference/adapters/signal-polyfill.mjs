// signal-polyfill: the TC39 Signals proposal's reference polyfill. State and Computed are its
// signals; the proposal leaves effects to frameworks, so an effect here is a Computed that runs the
// function, watched by this adapter's one Watcher; pending effects run at the end of every write
// outside batch() and at the end of batch(), as a framework's scheduler would.
import { Signal } from 'signal-polyfill';

let depth = 0;
const watcher = new Signal.subtle.Watcher(() => {});
function flush() {
  const pending = watcher.getPending();
  if (pending.length === 0) return;
  for (const s of pending) s.get();
  watcher.watch(); // re-arm: the watcher notifies once per batch of changes
}

export default {
  name: 'signal-polyfill',
  package: 'signal-polyfill',
  signal: (v) => new Signal.State(v),
  computed: (fn) => new Signal.Computed(fn),
  effect: (fn) => {
    const e = new Signal.Computed(fn); // its value is unused
    watcher.watch(e);
    e.get();
    return () => watcher.unwatch(e);
  },
  get: (h) => h.get(),
  set: (h, v) => {
    h.set(v);
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
