// Angular's signals (@angular/core) through its framework-free primitives
// (@angular/core/primitives/signals), as Angular itself builds signal(), computed() and effects on
// them. A signal's handle is the getter function createSignal returns; a computed's is
// createComputed's function. Angular's effects need an injector and its scheduler, so an effect
// here is a watch (createWatch) whose schedule puts it on this adapter's queue, run at the end of
// every write outside batch() and at the end of batch(): effects run synchronously with the write
// that dirtied them, never during the notification itself (Angular forbids that).
globalThis.ngDevMode = false; // as Angular's production builds define it
const { createSignal, createComputed, createWatch, signalSetFn, SIGNAL } = await import(
  '@angular/core/primitives/signals'
);

const queue = [];
let depth = 0;
function flush() {
  for (let i = 0; i < queue.length; i++) queue[i].run();
  queue.length = 0;
}
const schedule = (watch) => {
  queue.push(watch);
};

export default {
  name: 'angular-signals',
  package: '@angular/core',
  signal: (v) => createSignal(v)[0],
  computed: (fn) => createComputed(fn),
  effect: (fn) => {
    const watch = createWatch(fn, schedule, true);
    watch.run();
    return () => watch.destroy();
  },
  get: (h) => h(),
  set: (h, v) => {
    signalSetFn(h[SIGNAL], v);
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
