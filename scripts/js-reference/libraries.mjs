// The real libraries behind one small adapter, so a scenario is written once for both.
import { readFileSync } from 'node:fs';
import * as preact from '@preact/signals-core';
import * as alien from 'alien-signals';

// Read from the installed package (its "exports" do not expose package.json).
const versionOf = (pkg) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${pkg}/package.json`, import.meta.url), 'utf8')).version;

export const libraries = {
  'js:preact-signals-core': {
    package: '@preact/signals-core',
    version: versionOf('@preact/signals-core'),
    signal: (v) => preact.signal(v),
    computed: (fn) => preact.computed(fn),
    effect: (fn) => preact.effect(fn),
    get: (h) => h.value,
    set: (s, v) => {
      s.value = v;
    },
    batch: (fn) => preact.batch(fn),
  },
  'js:alien-signals': {
    package: 'alien-signals',
    version: versionOf('alien-signals'),
    signal: (v) => alien.signal(v),
    computed: (fn) => alien.computed(fn),
    effect: (fn) => alien.effect(fn),
    get: (h) => h(),
    set: (s, v) => s(v),
    batch: (fn) => {
      alien.startBatch();
      try {
        fn();
      } finally {
        alien.endBatch();
      }
    },
  },
};

export function findLibrary(name) {
  const lib = libraries[name];
  if (!lib) throw new Error(`unknown library '${name}' (known: ${Object.keys(libraries).join(', ')})`);
  return lib;
}
