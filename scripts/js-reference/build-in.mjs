// Building a scenario's graph inside a library's owner scope: a module of its own, without node's
// modules, because a Chromium page imports it too (engines/chromium-page.mjs).

/**
 * Runs fn() inside a fresh owner scope of the library (its root(), when it has one) and returns
 * { value, dispose }; a library without roots gives { value: fn(), dispose() {} }.
 */
export function buildIn(lib, fn) {
  if (typeof lib.root === 'function') return lib.root(fn);
  return { value: fn(), dispose() {} };
}
