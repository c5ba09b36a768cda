// One measurement, inside the measured engine (a process runner.mjs started, or a Chromium page).
// It writes heap snapshots (and, where the engine has a sampler, the churn per call frame) into the
// task's folder and returns a small summary; they are read once the last snapshot is written
// (runner.mjs: by the measuring process itself, or by the parent for a page), since parsing
// allocates far more than the graph being measured.
//
// Everything the measured heap must not see is kept out of its snapshots: no snapshot is parsed
// here, the inspector and the churn file are used before the first snapshot, and a warm-up graph
// built first keeps code, feedback and hidden classes alive, so the measured graph finds them made.
// The engine-specific parts come in as `host` (engines/*.mjs: one file per engine):
//   host.snapshot(path)   a heap snapshot after full GCs into `path` (its parent reads it);
//   host.snapshotPath(dir, k)  the k-th snapshot's path, a flat string of one length for every k;
//   host.step(fn)         runs fn in a macrotask of its own, returns a promise;
//   host.nowNs()          a clock in nanoseconds (a number);
//   host.sampleChurn(run, churnIterations, churnPath)  optional: every allocation of run(K) (K
//                         iterations) per call frame into churnPath (an engine without an
//                         allocation sampler leaves it out, and its results have no churn).
//   host.beforeSnapshots()  optional: called once before the first snapshot, to make snapshots
//                         cheaper (node: every script's line ends, engines/node.mjs).

// Keeps the warm-up graph (and its code and hidden classes) alive until the process ends.
const keepAlive = [];

// ---- per object ---------------------------------------------------------------------------------

// The micro-measurements of scenarios/attribution.h: a signal nobody reads; an evaluated computed
// reading nothing; a computed reading one or two signals (their difference is one edge); an
// effect reading nothing. One shared function per kind, so user closures are not counted.
function maker(lib, kind) {
  if (kind === 'signal') return (i) => lib.signal(i);
  if (kind === 'effect') {
    const fn = () => {};
    return () => lib.effect(fn);
  }
  let fn;
  if (kind === 'computed') {
    fn = () => 1;
  } else {
    const a = lib.signal(1);
    const b = lib.signal(2);
    fn = kind === 'edge-one' ? () => lib.get(a) : () => lib.get(a) + lib.get(b);
  }
  return () => {
    const c = lib.computed(fn);
    lib.get(c);
    return c;
  };
}

export const OBJECT_MEASURES = ['signal', 'computed', 'edge-one', 'edge-two', 'effect'];

// Every kind in turn, on one chain of snapshots: before, then after `count` and after 2 × `count`
// objects of each kind (held in preallocated arrays), after a warm-up of every kind whose objects
// stay alive. Snapshot paths are made up front: a string made between two snapshots would count.
export function measureObjects(host, lib, buildIn, task) {
  const { count, dir } = task;
  const snapshot = host.snapshot;
  const paths = Array.from({ length: 1 + 2 * OBJECT_MEASURES.length }, (_, k) => host.snapshotPath(dir, k));
  const built = buildIn(lib, () => {
    const makers = OBJECT_MEASURES.map((kind) => maker(lib, kind));
    const keep = makers.map(() => new Array(2 * count).fill(null));
    for (const make of makers) {
      const warm = new Array(count);
      for (let i = 0; i < count; i++) warm[i] = make(i);
      keepAlive.push(warm);
    }
    host.beforeSnapshots?.();
    let p = 0;
    snapshot(paths[p++]);
    for (let k = 0; k < makers.length; k++) {
      for (let i = 0; i < count; i++) keep[k][i] = makers[k](i);
      snapshot(paths[p++]);
      for (let i = count; i < 2 * count; i++) keep[k][i] = makers[k](i);
      snapshot(paths[p++]);
    }
    keepAlive.push(keep);
  });
  return { kinds: OBJECT_MEASURES, snapshots: paths };
}

// ---- a scenario ---------------------------------------------------------------------------------

// Disposers the scenario registered (st.disposers), or those its effects returned when the
// scenarios predate st.disposers (then `tracked` collected them).
function disposeAll(st, tracked) {
  for (const d of st.disposers ?? tracked) d();
}

// Timing: `times.length` windows of a tenth of the scenario's iterations each, into `times` (a
// Float64Array made before the first snapshot: storing a number there allocates nothing).
function timedPhase(host, lib, scenario, st, task, times) {
  let i = 0;
  const perWindow = windowIterations(task);
  for (let w = 0; w < times.length; w++) {
    const t0 = host.nowNs();
    for (let k = 0; k < perWindow; k++, i++) scenario.iteration(lib, st, i);
    times[w] = (host.nowNs() - t0) / perWindow;
  }
}

const windowIterations = (task) => Math.max(1, Math.floor(task.iterations / 10));

// Iterations the warm graph runs without the profiler between the timed windows and the churn
// window, which then starts at the iteration index the first measured window of the former method
// (K then 2K iterations, twice, K = 100) started at: the scenario's iterations + 300.
export const CHURN_SETTLE = 300;

// A warm-up graph first: it runs the scenario's full iterations (its checksum is the result's),
// the timed windows, and then the churn measurement: CHURN_SETTLE more iterations without the
// profiler, then K under it (the steady state of a graph that has run, and the inspector kept out
// of the snapshots that follow). Code, feedback and hidden classes then exist before the first
// snapshot. The measured graph: snapshots before, after setup, and after a tenth of the iterations
// and disposing everything. A task that calibrates (task.calibrate) takes a second snapshot before
// setup: what taking a snapshot leaves behind by itself, which the runner subtracts from the
// differences.
export async function measureScenario(host, lib, buildIn, scenario, task) {
  const { dir } = task;
  const { snapshot, step } = host;
  // before, calibration (only in a task that calibrates: task.calibrate), setup, disposed
  const paths = [0, 1, 2, 3].map((k) => host.snapshotPath(dir, k));
  const churnPath = host.sampleChurn ? host.churnPath(dir) : null;
  // Scenarios keep their effects' disposers in st.disposers; for those that do not, `tracking`
  // collects what effect() returns (and is then part of what setup retains, as st.disposers is).
  const tracked = [];
  const tracking = Object.create(lib);
  tracking.effect = (fn) => {
    const d = lib.effect(fn);
    tracked.push(d);
    return d;
  };
  const times = new Float64Array(task.timeWindows);
  const warm = buildIn(lib, () => scenario.setup(tracking, task.params));
  for (let i = 0; i < task.iterations; i++) scenario.iteration(lib, warm.value, i);
  const checksum = warm.value.checksum;
  timedPhase(host, lib, scenario, warm.value, task, times);
  if (churnPath) {
    let i = task.iterations;
    const run = (n) => {
      for (let k = 0; k < n; k++, i++) scenario.iteration(lib, warm.value, i);
    };
    run(CHURN_SETTLE);
    await host.sampleChurn(run, task.churnIterations, churnPath);
  }
  const api = Array.isArray(warm.value.disposers) ? lib : tracking;
  keepAlive.push(warm, [...tracked]);
  tracked.length = 0;
  const cell = { built: null };
  host.beforeSnapshots?.();
  // The host's macrotask objects (Node's Immediates) settle their size (in-object slack tracking)
  // after a few: let them, so that every snapshot's step below leaves the same objects behind.
  for (let k = 0; k < 16; k++) await step(() => {});

  await step(() => snapshot(paths[0]));
  if (task.calibrate) await step(() => snapshot(paths[1]));
  // A library without a root builds straight into the cell: buildIn's own wrapper would count.
  await step(() => {
    cell.built = lib.root ? buildIn(lib, () => scenario.setup(api, task.params)) : { value: scenario.setup(api, task.params) };
  });
  await step(() => snapshot(paths[2]));
  await step(() => {
    // The measured graph runs too before it is disposed (a library's state may grow with use).
    for (let i = 0, n = windowIterations(task); i < n; i++) scenario.iteration(lib, cell.built.value, i);
    disposeAll(cell.built.value, tracked);
    cell.built.dispose?.();
    cell.built = null;
    tracked.length = 0;
  });
  await step(() => snapshot(paths[3]));
  if (!task.calibrate) paths[1] = null;
  return { checksum, snapshots: paths, churn: churnPath, samplesNs: [...times], perWindow: windowIterations(task) };
}
