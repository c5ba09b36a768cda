// Engine `node`: Node.js, V8 without pointer compression (8-byte tagged fields). Each measurement
// is a node process with NODE_FLAGS running `runner.mjs child`; inside it, `host` takes heap
// snapshots with node:v8 and samples every allocation with the inspector's sampling heap profiler.
// Deno runs this host's snapshots (engines/deno.mjs): it is V8 and has node:v8.
import v8 from 'node:v8';
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, constants, performance } from 'node:perf_hooks';
import { join } from 'node:path';

// Flags of every measurement process. --single-threaded: no concurrent compiler or GC threads, so
// V8 does the same work at the same points in every process; --no-flush-bytecode: full GCs would
// otherwise drop idle functions' bytecode and recompile it inside a measured window; a young
// generation of 64 MB semi-spaces: the churn windows' garbage dies in scavenges, which the
// sampling profiler follows, rather than in major GCs (a window that has one is an error);
// --sampling-heap-profiler-suppress-randomness: the profiler's next sample comes after a fixed
// number of bytes (1: every allocation) instead of a random one, which now and then (3 processes in
// 12, on mobx's observe-unobserve) passed over one allocation of a window.
export const V8_FLAGS = [
  '--expose-gc',
  '--single-threaded',
  '--no-flush-bytecode',
  '--min-semi-space-size=64',
  '--max-semi-space-size=64',
  '--sampling-heap-profiler-suppress-randomness',
];

// The allocations that delimit the churn window among the profiler's samples: an array of 64
// elements made before the first iteration and one after the last, each by a function of its own
// (called twice per process, so never optimized or inlined: its samples always name it). Large on
// purpose: the profiler at interval 1 has been seen to pass over a 32-byte object allocated right
// after another allocation, never yet over one of 560 bytes.
const boundaries = [null, null];
function churnWindowStart() {
  boundaries[0] = new Array(64);
}
function churnWindowEnd() {
  boundaries[1] = new Array(64);
}
const isFrameOf = (fn) => (frame) => frame.functionName === fn.name && frame.url === import.meta.url;

// Allocations per call frame between the boundaries of `run`, from the sampling heap profiler
// at interval 1 (every allocation, with objects already collected by minor and major GCs), in the
// order they were made (a sample's ordinal): the profiler's own start and stop fall outside.
function sampleAllocations(session, run) {
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
  run();
  const { profile } = post('HeapProfiler.stopSampling') ?? {};
  if (!profile) throw new Error('the sampling heap profiler returned no profile (too many samples in the churn window?)');
  const frames = new Map();
  const visit = (node) => {
    frames.set(node.id, node.callFrame);
    for (const c of node.children) visit(c);
  };
  visit(profile.head);
  const ordinals = (fn) => profile.samples.filter((s) => isFrameOf(fn)(frames.get(s.nodeId))).map((s) => s.ordinal);
  const [starts, ends] = [ordinals(churnWindowStart), ordinals(churnWindowEnd)];
  const first = Math.max(...starts);
  const last = Math.min(...ends);
  if (!starts.length || !ends.length || first > last) {
    throw new Error("the churn window's boundaries are not among the profiler's samples");
  }
  const sites = {};
  for (const s of profile.samples) {
    if (s.ordinal <= first || s.ordinal >= last) continue;
    const f = frames.get(s.nodeId);
    const key = JSON.stringify([f.functionName, f.url, f.lineNumber, f.columnNumber]);
    const site = (sites[key] ??= { allocs: 0, bytes: 0 });
    site.allocs += 1;
    site.bytes += s.size;
  }
  return sites;
}

// Churn: every allocation of K iterations, between the window's boundary allocations, per call frame.
// The sites go to a file, so nothing of them stays in this heap.
async function sampleChurn(run, churnIterations, churnPath) {
  const session = new Session();
  session.connect();
  const majorGcs = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs.push(e.startTime);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  churnWindowStart();
  churnWindowEnd();
  // When the iterations ran (a number stored here allocates nothing): a major GC then is an error.
  // A window that had one is measured once more, over the next K iterations (the GC points of this
  // single-threaded process are the same in every run, so the retry is too); a second one with a
  // major GC is the error.
  const window = new Float64Array(2);
  let sites;
  let majorGcsInWindow = 0;
  let windows = 0;
  do {
    sites = sampleAllocations(session, () => {
      window[0] = performance.now();
      churnWindowStart();
      run(churnIterations);
      churnWindowEnd();
      window[1] = performance.now();
    });
    windows++;
    for (let k = 0; k < 3; k++) await step(() => {}); // GC entries arrive asynchronously
    majorGcsInWindow = majorGcs.filter((t) => t >= window[0] && t <= window[1]).length;
  } while (majorGcsInWindow > 0 && windows < 2);
  observer.disconnect();
  session.disconnect();
  writeFileSync(churnPath, JSON.stringify({ iterations: churnIterations, sites, majorGcsInWindow, majorGcsSeen: majorGcs.length }));
}

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

// V8 names every function in a snapshot by its script line and column, and finds them by scanning
// the script's source from its start unless the script has its line ends: node's own modules are
// large, so that scan was a quarter of every snapshot's time. The debugger makes every script's
// line ends once it is enabled; they stay after it is disabled, and they are made before the
// first snapshot, so no difference counts them.
function makeLineEnds() {
  const session = new Session();
  session.connect();
  session.post('Debugger.enable');
  session.post('Debugger.disable');
  session.disconnect();
}

// The measure.mjs host of a V8 process with node's modules (node, deno).
export const v8Host = {
  // Every snapshot leaves its path behind as a string until the next one: names of one length
  // keep that trace the same size in every difference. (Flat: a concatenated string would be
  // flattened, so made anew, by the snapshot that uses it.)
  snapshotPath: (dir, k) => Buffer.from(join(dir, `${String(k).padStart(2, '0')}.heapsnapshot`)).toString(),
  churnPath: (dir) => join(dir, 'churn.json'),
  // No gc() first: V8 collects all the garbage it can before every heap snapshot (full GCs until
  // one frees nothing); three gc() calls before it changed no figure of the whole matrix.
  snapshot(path) {
    v8.writeHeapSnapshot(path);
  },
  step,
  beforeSnapshots: makeLineEnds,
  nowNs: () => Number(process.hrtime.bigint()),
  sampleChurn,
};

// Deno's: the same snapshots, no churn. Its node:inspector answers asynchronously, so its samples
// take in Deno's own event-loop work, which lands inside the churn window (not exact).
export const snapshotOnlyHost = { ...v8Host, sampleChurn: undefined, churnPath: undefined, beforeSnapshots: undefined };

export default {
  name: 'node',
  vm: 'V8',
  snapshotFormat: 'v8',
  // Snapshots and the sampler are exact: three processes give the same bytes.
  inexact: { perObject: null, scenarios: null },
  // What taking a snapshot leaves behind by itself (measure.mjs's "trace": the step's promise,
  // Immediate and closures, the path's buffer) is the same in every measuring process, so one
  // measurement per library measures it with a calibration snapshot, and the others leave theirs
  // out: three snapshots instead of four.
  calibrateOnce: true,
  available: () => null,
  command: (runner) => [process.execPath, ...V8_FLAGS, runner],
  host: () => v8Host,
  meta: () => ({
    version: process.versions.node,
    v8: process.versions.v8,
    pointer_compression: Boolean(process.config.variables.v8_enable_pointer_compression),
    arch: process.arch,
    flags: V8_FLAGS.join(' '),
  }),
  describe: (e) => `node ${e.version}, V8 ${e.v8}, pointer compression ${e.pointer_compression ? 'on' : 'off'}, ${e.arch}`,
};
