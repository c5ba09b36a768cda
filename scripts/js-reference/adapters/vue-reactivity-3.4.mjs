// @vue/reactivity 3.4 (npm alias vue-reactivity-3.4; production build), beside 3.5, whose
// reactivity rewrite claimed a large memory reduction. 3.4 batches with pauseScheduling /
// resetScheduling (effects deferred to the end).
import vue from 'vue-reactivity-3.4/dist/reactivity.cjs.prod.js';

const { shallowRef, computed, effect, stop, effectScope, pauseScheduling, resetScheduling } = vue;

export default {
  name: 'vue-reactivity',
  package: 'vue-reactivity-3.4',
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
  batch: (fn) => {
    pauseScheduling();
    try {
      fn();
    } finally {
      resetScheduling();
    }
  },
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
    batch: 'defers-effects',
    syncEffects: true,
    disposeReleases: 'yes',
    unobservedFollowsWrites: true,
    cachesUnobserved: true,
    unobservedOncePerWrite: true,
  },
};
