// The JavaScript libraries sigheap measures: one adapter file per library under adapters/ (the
// contract: docs/adding-a-js-library.md), plus any adapter file a user names by path. This file is
// the one registration point for the built-in adapters (BUILT_INS, in report order).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export { buildIn } from './build-in.mjs';

// Adapter files under adapters/, in the fixed order libraries are listed and measured.
export const BUILT_INS = [
  'preact-signals-core.mjs',
  'alien-signals.mjs',
  'vue-reactivity.mjs',
  'angular-signals.mjs',
  'solid-js.mjs',
  'svelte.mjs',
  'mobx.mjs',
  'signal-polyfill.mjs',
  's-js.mjs',
  'reactively.mjs',
  'usignal.mjs',
  'maverick-signals.mjs',
  'tansu.mjs',
  'oby.mjs',
  'solidjs-signals.mjs',
  // Other versions of the libraries above, side by side (npm aliases in package.json).
  'preact-signals-core-1.5.mjs',
  'alien-signals-2.mjs',
  'alien-signals-1.mjs',
  'vue-reactivity-3.4.mjs',
];

const ADAPTERS_DIR = fileURLToPath(new URL('./adapters/', import.meta.url));
const REQUIRED_FUNCTIONS = ['signal', 'computed', 'effect', 'get', 'set', 'batch'];

// The installed package `pkg` as Node resolves it from `dir`: the nearest node_modules/<pkg>
// folder walking up. Its package.json gives the real name (an npm alias installs @vue/reactivity
// under another folder name) and version. Read directly: many packages' "exports" hide package.json.
function installedPackage(pkg, dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, 'node_modules', pkg, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8'));
      return { name: json.name, version: json.version };
    }
    if (path.dirname(d) === d) return null;
  }
}

// Checks an adapter's default export and completes it: `version` and the real package name from the
// installed package (unless the adapter states its version itself), `impl` = 'js:' + name, where an
// adapter over an npm alias (another version installed side by side) gets '@<version>' appended.
function completeAdapter(adapter, file) {
  const where = path.relative(process.cwd(), file) || file;
  if (adapter === null || typeof adapter !== 'object') throw new Error(`${where}: no adapter object as default export`);
  if (typeof adapter.name !== 'string' || !/^[a-z0-9@._-]+$/.test(adapter.name)) {
    throw new Error(`${where}: 'name' must be a lowercase name such as 'my-signals'`);
  }
  if (typeof adapter.package !== 'string' || adapter.package === '') throw new Error(`${where}: 'package' is missing`);
  for (const f of REQUIRED_FUNCTIONS) {
    if (typeof adapter[f] !== 'function') throw new Error(`${where}: '${f}' must be a function`);
  }
  if (adapter.root !== undefined && typeof adapter.root !== 'function') throw new Error(`${where}: 'root' must be a function`);
  let { name, version } = adapter;
  let pkg = adapter.package;
  if (version === undefined) {
    const installed = installedPackage(adapter.package, path.dirname(file));
    if (!installed) {
      throw new Error(`${where}: package '${adapter.package}' is not installed next to the adapter (npm install it there, or give 'version')`);
    }
    version = installed.version;
    if (installed.name !== adapter.package) {
      pkg = installed.name;
      name = `${name}@${version}`;
    }
  }
  return { ...adapter, name, package: pkg, version, capabilities: adapter.capabilities ?? {}, impl: `js:${name}`, file };
}

async function loadAdapter(file) {
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (e) {
    const reason = e.code === 'ERR_MODULE_NOT_FOUND' && !existsSync(file) ? 'no such file' : e.message.split('\n')[0];
    throw new Error(`cannot load adapter ${file}: ${reason}`);
  }
  return completeAdapter(mod.default, file);
}

/**
 * Loads the built-in libraries (in BUILT_INS order), then the user's adapter files (paths, resolved
 * from the current directory; each one's imports resolve from its own folder, as any ES module's).
 * `impls` (optional): load only these ('js:name'); built-ins are then imported only when selected
 * (a measurement process loads just the library it measures), user adapters always; the result
 * then follows the order of BUILT_INS and `adapters`. `builtIns: false` loads only `adapters`.
 * Throws on a broken adapter, a duplicate name, or an unknown selected impl.
 */
export async function loadLibraries({ adapters = [], impls, builtIns = true } = {}) {
  const wanted = impls ? new Set(impls) : null;
  const libs = [];
  for (const f of builtIns ? BUILT_INS : []) {
    if (wanted && !builtInMayBe(f, wanted)) continue;
    libs.push({ ...(await loadAdapter(path.join(ADAPTERS_DIR, f))), builtIn: true });
  }
  for (const a of adapters) libs.push(await loadAdapter(path.resolve(a)));
  const seen = new Map();
  for (const lib of libs) {
    if (seen.has(lib.impl)) throw new Error(`two adapters are named '${lib.impl}': ${seen.get(lib.impl)} and ${lib.file}`);
    seen.set(lib.impl, lib.file);
  }
  if (!wanted) return libs;
  const chosen = libs.filter((l) => wanted.has(l.impl));
  if (chosen.length < wanted.size) {
    // A name the file-name shortcut did not find: load everything, for the result or the error.
    const all = await loadLibraries({ adapters, builtIns });
    return [...wanted].map((impl) => findLibrary(all, impl));
  }
  return chosen;
}

// Whether built-in adapter file `f` can be one of the wanted impls, without importing it: a file
// is named after its library ('vue-reactivity-3.4.mjs' is js:vue-reactivity@3.4.x).
function builtInMayBe(f, wanted) {
  const stem = f.replace(/\.mjs$/, '');
  for (const impl of wanted) {
    const name = impl.replace(/^js:/, '');
    if (name === stem) return true;
    const at = name.indexOf('@', 1);
    if (at > 0 && stem.startsWith(`${name.slice(0, at)}-`) && name.slice(at + 1).startsWith(stem.slice(at + 1))) return true;
  }
  return false;
}

/** The library named `impl` ('js:name') in `libs`; a one-line error listing the known names otherwise. */
export function findLibrary(libs, impl) {
  const lib = libs.find((l) => l.impl === impl);
  if (!lib) throw new Error(`unknown library '${impl}' (known: ${libs.map((l) => l.impl).join(', ')})`);
  return lib;
}

