// The JavaScript engines sigheap measures in: the one registration point. Each engine is one file
// here, loaded only when used (chromium.mjs needs puppeteer-core, bun.mjs runs under Bun), and
// exports as default:
//   name, vm                 'node', 'V8'
//   snapshotFormat           'v8' (heap-snapshot.mjs) or 'jsc' (jsc-snapshot.mjs)
//   inexact                  { perObject, scenarios }: null where its figures are byte-identical
//                            across processes (tests check it), else why not: such figures are
//                            marked `inexact` in the report (per object: median of several
//                            processes with min and max) and not gated
//   available()              null, or a one-line reason it cannot run here naming how to install it
//   command(runner)          the argv that runs `runner child ...` in the engine, or instead
//   runTask(task, lib, ms)   one measurement driven from this process (chromium)
//   host()                   in the measuring process: measure.mjs's host
//   meta(), describe(meta)   version, pointer compression, ...; and one line of it
export const ENGINE_NAMES = ['node', 'chromium', 'bun', 'deno'];

const loaders = {
  node: () => import('./node.mjs'),
  chromium: () => import('./chromium.mjs'),
  bun: () => import('./bun.mjs'),
  deno: () => import('./deno.mjs'),
};

export async function loadEngine(name) {
  if (!loaders[name]) throw new Error(`unknown engine '${name}' (known: ${ENGINE_NAMES.join(', ')})`);
  return (await loaders[name]()).default;
}
