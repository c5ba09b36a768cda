// One measurement, inside the measured node process (started by runner.mjs with NODE_FLAGS). It
// writes heap snapshots and the sampling heap profiler's churn into the task's folder and prints a
// small JSON summary; the snapshots are parsed only after the last one is written (runner.mjs's
// child), since parsing earlier would pollute this heap.
//
// Everything the measured heap must not see is kept out of its snapshots: no snapshot is parsed
// here, the inspector and the churn file are used before the first snapshot, and a warm-up graph
// built first keeps code, feedback and hidden classes alive, so the measured graph finds them made.
import v8 from 'node:v8';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';
import { join } from 'node:path';

// Flags of every measurement process. --single-threaded: no concurrent compiler or GC threads, so
// V8 does the same work at the same points in every process; --no-flush-bytecode: full GCs would
// otherwise drop idle functions' bytecode and recompile it inside a measured window; a young
// generation of 64 MB semi-spaces: the churn windows' garbage dies in scavenges, which the
// sampling profiler follows, rather than in major GCs (a window that has one is an error).
export const NODE_FLAGS = [
  '--expose-gc',
  '--single-threaded',
  '--no-flush-bytecode',
  '--min-semi-space-size=64',
  '--max-semi-space-size=64',
];

function fullGc() {
  for (let i = 0; i < 3; i++) globalThis.gc();
}

// Every snapshot leaves its path behind as a string until the next one: names of one length keep
// that trace the same size in every difference.
// (Flat: a concatenated string would be flattened, so made anew, by the snapshot that uses it.)
const snapshotPath = (dir, k) => Buffer.from(join(dir, `${String(k).padStart(2, '0')}.heapsnapshot`)).toString();

function snapshot(path) {
  fullGc();
  v8.writeHeapSnapshot(path);
}

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
export function measureObjects(lib, buildIn, task) {
  const { count, dir } = task;
  const paths = Array.from({ length: 1 + 2 * OBJECT_MEASURES.length }, (_, k) => snapshotPath(dir, k));
  const built = buildIn(lib, () => {
    const makers = OBJECT_MEASURES.map((kind) => maker(lib, kind));
    const keep = makers.map(() => new Array(2 * count).fill(null));
    for (const make of makers) {
      const warm = new Array(count);
      for (let i = 0; i < count; i++) warm[i] = make(i);
      keepAlive.push(warm);
    }
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

// Allocations per call frame while `run` runs, from the sampling heap profiler at interval 1
// (every allocation, with objects already collected by minor and major GCs).
function sampleAllocations(session, run, window) {
  const post = (method, params) => {
    let out;
    let failure;
    session.post(method, params, (err, res) => {
      failure = err;
      out = res;
    });
    if (failure) throw new Error(`${method}: ${failure.message}`);
    return out;
  };
  post('HeapProfiler.startSampling', {
    samplingInterval: 1,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  window[0] = performance.now();
  run();
  window[1] = performance.now();
  const { profile } = post('HeapProfiler.stopSampling');
  const frames = new Map();
  const visit = (node) => {
    frames.set(node.id, node.callFrame);
    for (const c of node.children) visit(c);
  };
  visit(profile.head);
  const sites = {};
  for (const s of profile.samples) {
    const f = frames.get(s.nodeId);
    const key = JSON.stringify([f.functionName, f.url, f.lineNumber, f.columnNumber]);
    const site = (sites[key] ??= { allocs: 0, bytes: 0 });
    site.allocs += 1;
    site.bytes += s.size;
  }
  return sites;
}

// Disposers the scenario registered (st.disposers), or those its effects returned when the
// scenarios predate st.disposers (then `tracked` collected them).
function disposeAll(st, tracked) {
  for (const d of st.disposers ?? tracked) d();
}

// Timing, then churn. Timing: `timeWindows` windows of a tenth of the scenario's iterations each.
// Churn: K then 2K iterations under the profiler; their difference is K steady iterations without
// the profiler's own start and stop. The sites go to a file, so nothing of them stays in this heap.
// Churn: K then 2K iterations under the profiler; their difference is K steady iterations without
// the profiler's own start and stop. Run twice, the first time to make the profiler's and the
// inspector's own objects. The sites go to a file, so nothing of them stays in this heap.
async function churnPhase(lib, scenario, st, task, churnPath, start) {
  const session = new Session();
  session.connect();
  let i = start;
  const runFor = (n) => () => {
    for (let k = 0; k < n; k++, i++) scenario.iteration(lib, st, i);
  };
  let once;
  let twice;
  const majorGcs = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs.push(e.startTime);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  // The windows in which the iterations ran (starting and stopping the profiler collects garbage
  // itself, outside them); numbers stored here allocate nothing, alike in both runs.
  const windows = [new Float64Array(2), new Float64Array(2)];
  for (let pass = 0; pass < 2; pass++) {
    once = sampleAllocations(session, runFor(task.churnIterations), windows[0]);
    twice = sampleAllocations(session, runFor(2 * task.churnIterations), windows[1]);
  }
  for (let k = 0; k < 3; k++) await step(() => {}); // GC entries arrive asynchronously
  observer.disconnect();
  session.disconnect();
  const inWindow = (t) => windows.some((w) => t >= w[0] && t <= w[1]);
  const majorGcsInWindow = majorGcs.filter(inWindow).length;
  const majorGcsSeen = majorGcs.length;
  writeFileSync(churnPath, JSON.stringify({ once, twice, majorGcsInWindow, majorGcsSeen }));
}

// Timing: `times.length` windows of a tenth of the scenario's iterations each, into `times` (a
// Float64Array made before the first snapshot: storing a number there allocates nothing).
function timedPhase(lib, scenario, st, task, times) {
  let i = 0;
  const perWindow = windowIterations(task);
  for (let w = 0; w < times.length; w++) {
    const t0 = process.hrtime.bigint();
    for (let k = 0; k < perWindow; k++, i++) scenario.iteration(lib, st, i);
    times[w] = Number(process.hrtime.bigint() - t0) / perWindow;
  }
}

const windowIterations = (task) => Math.max(1, Math.floor(task.iterations / 10));

// Runs fn in a macrotask of its own: the stack that took a snapshot then holds nothing from the
// step before (a stale interpreter register keeps an object alive as a stack root). Every
// snapshot is taken this way, so the few objects a step needs are the same in every difference.
const step = (fn) =>
  new Promise((resolve) =>
    setImmediate(() => {
      fn();
      resolve();
    }),
  );

// A warm-up graph first: it runs the scenario's full iterations (its checksum is the result's),
// the timed windows, and then the churn measurement (the steady state of a graph that has run, and
// the inspector kept out of the snapshots that follow). Code, feedback and hidden classes then
// exist before the first snapshot. The measured graph: snapshots before (twice: the second
// measures what taking a snapshot leaves behind by itself), after setup, and after a tenth of the
// iterations and disposing everything.
export async function measureScenario(lib, buildIn, scenario, task) {
  const { dir } = task;
  const paths = [0, 1, 2, 3].map((k) => snapshotPath(dir, k)); // before, calibration, setup, disposed
  const churnPath = join(dir, 'churn.json');
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
  timedPhase(lib, scenario, warm.value, task, times);
  await churnPhase(lib, scenario, warm.value, task, churnPath, task.iterations);
  const api = Array.isArray(warm.value.disposers) ? lib : tracking;
  keepAlive.push(warm, [...tracked]);
  tracked.length = 0;
  const cell = { built: null };
  // Node's Immediate objects settle their size (in-object slack tracking) after a few: let them, so
  // that every snapshot's step below leaves the same objects behind.
  for (let k = 0; k < 16; k++) await step(() => {});

  await step(() => snapshot(paths[0]));
  await step(() => snapshot(paths[1]));
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
  return { checksum, snapshots: paths, churn: churnPath, samplesNs: [...times], perWindow: windowIterations(task) };
}
