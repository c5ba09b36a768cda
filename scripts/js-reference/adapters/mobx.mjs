// MobX (production build): observable.box is its plain observable value, computed() its derivation,
// autorun() its effect (returns the disposer), runInAction() its batch (a transaction: reactions
// run once at the end).
import { observable, computed, autorun, runInAction, configure } from 'mobx/dist/mobx.esm.production.min.js';

configure({ enforceActions: 'never' }); // writes outside actions are the scenarios' normal case
const SHALLOW = { deep: false }; // values are numbers; one options object for every box

export default {
  name: 'mobx',
  package: 'mobx',
  signal: (v) => observable.box(v, SHALLOW),
  computed: (fn) => computed(fn),
  effect: (fn) => autorun(fn),
  get: (h) => h.get(),
  set: (h, v) => h.set(v),
  batch: (fn) => runInAction(fn),
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
    cachesUnobserved: false,
    unobservedOncePerWrite: true,
  },
};
