// The @vue/reactivity adapter, for 3.5 and 3.4 (production builds, as Vue apps ship them): shallowRef
// is Vue's plain signal (no deep proxying of values), computed is lazy, effect() runs synchronously and
// stop() disposes it, effectScope is the root. The versions differ in batching only: 3.4 exports
// pauseScheduling / resetScheduling (effects deferred to the end), 3.5 exports no batch, so its writes
// run effects at once (capability 'none').

/**
 * An adapter over `lib`, a @vue/reactivity production module. `pkg`: the package it was imported
 * from, as installed (an npm alias for 3.4); `scheduling`: whether `lib` batches with
 * pauseScheduling / resetScheduling; `skips`: scenarios this version is not measured on, with why.
 */
export function vueReactivityAdapter(lib, { pkg, scheduling, skips }) {
  const { shallowRef, computed, effect, stop, effectScope, pauseScheduling, resetScheduling } = lib;
  const batch = scheduling
    ? (fn) => {
        pauseScheduling();
        try {
          fn();
        } finally {
          resetScheduling();
        }
      }
    : (fn) => fn();
  return {
    name: 'vue-reactivity',
    package: pkg,
    signal: (v) => shallowRef(v),
    computed: (fn) => computed(fn),
    effect: (fn) => {
      const runner = effect(fn);
      return () => stop(runner);
    },
    get: (h) => h.value,
    set: (h, v) => {
      h.value = v;
    },
    batch,
    ...(skips ? { skips } : {}),
    root: (fn) => {
      const scope = effectScope();
      const value = scope.run(fn);
      return { value, dispose: () => scope.stop() };
    },
    // What the library does (conformance.mjs measures each and fails on a contradiction).
    capabilities: {
      lazyComputeds: true,
      glitchFree: true,
      equalityCutoff: true,
      dynamicDependencies: true,
      batch: scheduling ? 'defers-effects' : 'none',
      syncEffects: true,
      disposeReleases: 'yes',
      unobservedFollowsWrites: true,
      cachesUnobserved: true,
      unobservedOncePerWrite: true,
    },
  };
}
