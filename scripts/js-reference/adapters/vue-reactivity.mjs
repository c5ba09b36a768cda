// @vue/reactivity 3.5 (production build, as Vue apps ship it): shallowRef is Vue's plain signal (no
// deep proxying of values), computed is lazy, effect() runs synchronously and stop() disposes it.
// 3.5 exports no batch: writes run effects at once ('none').
import vue from '@vue/reactivity/dist/reactivity.cjs.prod.js';

const { shallowRef, computed, effect, stop, effectScope } = vue;

export default {
  name: 'vue-reactivity',
  package: '@vue/reactivity',
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
  batch: (fn) => fn(),
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
    batch: 'none',
    syncEffects: true,
    disposeReleases: 'yes',
    unobservedFollowsWrites: true,
    cachesUnobserved: true,
    unobservedOncePerWrite: true,
  },
};
