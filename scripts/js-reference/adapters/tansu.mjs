// @amadeus-it-group/tansu: Svelte-store-compatible signals. writable() is its signal (called to
// read with tracking), computed() its derivation; an effect is a computed of the effect's function
// (its value is unused), kept alive by a subscription (unsubscribe is the disposer); batch() defers
// subscribers.
import { writable, computed, batch } from '@amadeus-it-group/tansu';

const ignore = () => {};

export default {
  name: 'tansu',
  package: '@amadeus-it-group/tansu',
  signal: (v) => writable(v),
  computed: (fn) => computed(fn),
  effect: (fn) => computed(fn).subscribe(ignore),
  get: (h) => h(),
  set: (h, v) => h.set(v),
  batch: (fn) => batch(fn),
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
