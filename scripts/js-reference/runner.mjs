#!/usr/bin/env node
// sigheap's JavaScript runner: the real signals libraries on sigheap's scenarios, measured exactly
// in each JavaScript engine asked for (engines/: node, chromium, bun, deno; heap snapshots, and the
// sampling heap profiler where the engine has one), written as a sigheap.report/1 report whose
// results carry their `engine`.
//
//   node runner.mjs report [--out FILE|-] [--impl js:A,js:B] [--adapter PATH]... [--scenario A,B]
//                          [--skip-unknown 1] [--param NAME=V,...] [--iterations N] [--jobs J]
//                          [--objects N] [--churn-iterations K] [--progress 1|periodic] [--engine A,B]
//                          [--no-scenarios 1]   (per-object figures only)
//                          [--no-per-object 1]  (scenarios only)
//   node runner.mjs checksums [--impl ...] [--adapter PATH]... [--scenario A,B] [--param ...]
//                             [--engine bun|deno]   (computed in that engine's own process)
//   node runner.mjs list [--adapter PATH]...        (JSON: libraries, versions, scenarios, engines)
// `sigheap run --with-js` calls `report` and merges its output; README.md says what is measured.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as libraryModule from './libraries.mjs';
import * as scenarioModule from './scenarios.mjs';
import { OBJECT_MEASURES, measureObjects, measureScenario } from './measure.mjs';
import { readSnapshot, newSince, differenceOf, breakdownOf, groupsOf, sumBytes } from './heap-snapshot.mjs';
import { readJscSnapshot } from './jsc-snapshot.mjs';
import { ENGINE_NAMES, loadEngine } from './engines/index.mjs';

const SELF = fileURLToPath(import.meta.url);
const HERE = dirname(SELF);
const DEFAULT_ENGINE = 'node';
const OBJECT_KINDS = ['signal', 'computed', 'edge', 'effect'];
const CHILD_TIMEOUT_MS = 300_000;
// Frames of the measurement's own code (the inspector session, the clock around the iterations, the
// loop that runs them): the churn window's boundaries leave their allocations out, and should one
// fall inside the window it is the measurement's, not the scenario's.
const PROFILER_SCRIPTS = ['node:inspector', 'node:internal/perf/', 'measure.mjs', 'engines/node.mjs'];
const isProfilers = (url) => PROFILER_SCRIPTS.some((p) => url.startsWith(p) || url.endsWith(`/${p}`));
const { scenarios, findScenario } = scenarioModule;

function usage(message) {
  process.stderr.write(`runner.mjs: ${message}\n`);
  process.exit(2);
}

// --key value pairs; --adapter may be repeated.
function parseArgs(argv) {
  const out = { command: argv[0], options: {}, adapters: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out.positional = a;
      continue;
    }
    const key = a.slice(2);
    const value = argv[++i];
    if (value === undefined) usage(`${a} needs a value`);
    if (key === 'adapter') out.adapters.push(value);
    else out.options[key] = value;
  }
  return out;
}

function positiveInt(options, key, fallback) {
  if (options[key] === undefined) return fallback;
  const v = Number(options[key]);
  if (!Number.isInteger(v) || v <= 0) usage(`--${key} ${options[key]}: must be a positive integer`);
  return v;
}

// ---- libraries: the adapter API (libraries.mjs) -------------------------------------------------

const { buildIn, loadLibraries: loadAdapters } = libraryModule;

// Every library, or (impls given) only those, so that a measuring process imports only its own.
function loadLibraries(adapters, impls) {
  return loadAdapters({ adapters, impls });
}

const skipReason = scenarioModule.skipReason ?? (() => null);

function selectLibraries(libs, options) {
  if (!options.impl) return libs;
  const names = options.impl.split(',');
  for (const n of names) {
    if (!libs.some((l) => l.impl === n)) usage(`unknown library '${n}' (known: ${libs.map((l) => l.impl).join(', ')})`);
  }
  return libs.filter((l) => names.includes(l.impl));
}

function findLibraryIn(libs, impl) {
  const lib = libs.find((l) => l.impl === impl);
  if (!lib) throw new Error(`unknown library '${impl}'`);
  return lib;
}

// --scenario A,B (unknown names are an error, or skipped with --skip-unknown 1: sigheap passes its
// whole selection).
function selectedScenarios(options) {
  if (options['no-scenarios'] !== undefined) return [];
  if (!options.scenario) return scenarios;
  const names = options.scenario.split(',');
  if (options['skip-unknown'] === undefined) {
    for (const n of names) if (!scenarios.some((s) => s.name === n)) usage(`unknown scenario '${n}'`);
  }
  return scenarios.filter((s) => names.includes(s.name));
}

// --param name=value,...: a scenario with such a parameter runs that one set instead of its sets.
function paramOverrides(options) {
  const out = {};
  if (!options.param) return out;
  for (const pair of options.param.split(',')) {
    const m = /^([a-z_]+)=(-?\d+)$/.exec(pair);
    if (!m) usage(`--param ${pair}: expected NAME=INTEGER`);
    out[m[1]] = Number(m[2]);
  }
  return out;
}

function paramSetsOf(s, overrides) {
  const sets = s.paramSets ?? [s.params];
  const mine = Object.keys(overrides).filter((k) => k in s.params);
  if (mine.length === 0) return sets;
  const set = { ...sets[0] };
  for (const k of mine) set[k] = overrides[k];
  return [set];
}

// ---- in the child: one measurement --------------------------------------------------------------

async function child(taskJson, adapters, engineName) {
  const task = JSON.parse(taskJson);
  const engine = await loadEngine(engineName ?? DEFAULT_ENGINE);
  if (engine.vm === 'V8' && typeof globalThis.gc !== 'function') throw new Error('run V8 with --expose-gc');
  const host = engine.host();
  const lib = findLibraryIn(await loadLibraries(adapters, [task.impl]), task.impl);
  const out =
    task.type === 'object'
      ? measureObjects(host, lib, buildIn, task)
      : await measureScenario(host, lib, buildIn, findScenario(task.scenario), task);
  // The last snapshot is written: the figures are made here, so that only they go back to the
  // parent and `--jobs` processes read snapshots at once. A figure that cannot be made exactly (a
  // major GC in the churn window) is this measurement's error, not a crash.
  let result;
  try {
    result = { figures: figuresOf(task, out, engine) };
  } catch (e) {
    result = { error: e.message };
  }
  const { user, system } = process.cpuUsage();
  process.stdout.write(JSON.stringify({ ...result, cpuSeconds: (user + system) / 1e6 }));
}

// ---- in the parent: run children, collect their figures ----------------------------------------

const running = new Set();
let scratch;
// A measuring process makes no TLS connection: without NODE_EXTRA_CA_CERTS, node does not parse a
// certificate bundle at every start (4 % of a small measurement's CPU where the variable is set).
const CHILD_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_EXTRA_CA_CERTS'));

function cleanUp() {
  for (const p of running) p.kill('SIGKILL');
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    cleanUp();
    process.exit(128 + os.constants.signals[sig]);
  });
}

// One measurement's figures: from a child process of the engine (which makes them), or from a
// measurement driven from here (engine.runTask), whose snapshots are read here.
async function runChild(task, adapters, engine, lib) {
  if (engine.runTask) {
    const started = Date.now();
    const outcome = await engine.runTask(task, lib, CHILD_TIMEOUT_MS);
    if (!outcome.ok) return outcome;
    try {
      const value = figuresOf(task, outcome.value, engine);
      return { ok: true, value, seconds: { wall: (Date.now() - started) / 1000 } };
    } catch (e) {
      return { ok: false, error: e.message };
    }
  }
  return new Promise((resolve) => {
    const [exe, ...args] = engine.command(SELF);
    args.push('child', JSON.stringify(task), '--engine', engine.name);
    for (const a of adapters) args.push('--adapter', a);
    const started = Date.now();
    const p = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'], env: CHILD_ENV });
    running.add(p);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, CHILD_TIMEOUT_MS);
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(p);
      if (code === 0) {
        try {
          const { figures, error, cpuSeconds } = JSON.parse(out);
          const seconds = { wall: (Date.now() - started) / 1000, cpu: cpuSeconds };
          resolve(error ? { ok: false, error, seconds } : { ok: true, value: figures, seconds });
          return;
        } catch (e) {
          err = `unreadable output: ${e.message}`;
        }
      }
      // The error's own line, not its stack's last frame.
      const last = err.trim().split('\n').filter((l) => l && !/^\s+at /.test(l)).slice(-1)[0] ?? '';
      const why = timedOut ? `timed out after ${CHILD_TIMEOUT_MS / 1000} s` : `exited with ${signal ?? code}: ${last}`;
      resolve({ ok: false, error: `${engine.name} ${why}` });
    });
  });
}

// The figures of one measurement, from what measure.mjs returned: its snapshots (read by the
// engine's format) and churn file.
function figuresOf(task, value, engine) {
  const read = engine.snapshotFormat === 'jsc' ? readJscSnapshot : readSnapshot;
  return task.type === 'object' ? objectFigures(value, task.count, read) : scenarioFigures(value, task, read);
}

// Per kind: bytes per object = (what 2N objects add - what N add) / N, by (type, constructor), on
// the child's chain of snapshots: before, then N and 2N of each kind in turn; an edge is a computed
// reading two signals minus one reading one. Breakdowns per OBJECT_KINDS.
function objectFigures(value, count, readSnapshot) {
  const parts = {};
  let before = readSnapshot(value.snapshots[0]);
  value.kinds.forEach((kind, k) => {
    const n = readSnapshot(value.snapshots[1 + 2 * k]);
    const twice = readSnapshot(value.snapshots[2 + 2 * k]);
    parts[kind] = differenceOf(newSince(before, twice), newSince(before, n), count);
    before = twice;
  });
  const of = (kind) => (kind === 'edge' ? differenceOf(parts['edge-two'], parts['edge-one']) : parts[kind]);
  return Object.fromEntries(OBJECT_KINDS.map((kind) => [kind, breakdownOf(of(kind))]));
}

// Setup retained and residual: nodes new since the last snapshot before setup, with what one
// snapshot leaves behind by itself (the trace) still in; withTrace() subtracts it once every task
// has run. A task that calibrates also returns the trace it measured (its calibration snapshot's
// nodes new since the one before) as `trace`.
function scenarioFigures(value, task, readSnapshot) {
  const [before, calibration, setup, disposed] = value.snapshots.map((p) => p && readSnapshot(p));
  const base = calibration ?? before;
  const setupParts = breakdownOf(newSince(base, setup));
  const residualParts = breakdownOf(newSince(base, disposed));
  const figures = {
    checksum: value.checksum,
    setup: { retained_bytes: sumBytes(setupParts), breakdown: setupParts },
    teardown: { residual_bytes: sumBytes(residualParts), breakdown: residualParts },
    time: timeBlock(value),
    ...(calibration ? { trace: breakdownOf(newSince(before, calibration)) } : {}),
  };
  // An engine without an allocation sampler (bun, chromium) measures no churn: `steady` is absent.
  if (value.churn) figures.steady = churnFigures(value.churn);
  return figures;
}

// Per site, its allocations in the churn window over the window's iterations: one iteration.
function churnFigures(path) {
  const churn = JSON.parse(readFileSync(path, 'utf8'));
  if (churn.majorGcsInWindow > 0) {
    throw new Error(`${churn.majorGcsInWindow} major GC(s) ran in the churn window; its samples would not be exact`);
  }
  const k = churn.iterations;
  const sites = [];
  for (const [key, { allocs, bytes }] of Object.entries(churn.sites)) {
    const [fn, url, line, column] = JSON.parse(key);
    if (isProfilers(url)) continue;
    sites.push({
      function: fn || '(anonymous)',
      script: scriptName(url),
      line: line + 1,
      column: column + 1,
      allocs_per_iteration: allocs / k,
      bytes_per_iteration: bytes / k,
    });
  }
  sites.sort((p, q) => q.bytes_per_iteration - p.bytes_per_iteration || cmp(siteLabel(p), siteLabel(q)));
  return {
    iterations: k,
    allocs_per_iteration: sites.reduce((s, x) => s + x.allocs_per_iteration, 0),
    bytes_per_iteration: sites.reduce((s, x) => s + x.bytes_per_iteration, 0),
    sites,
  };
}

// The trace each task's figures need: its own if it calibrated; else its library's on its engine,
// from the library's calibrating task; if that one failed, the one every other library's
// calibrating task on that engine measured (they are the same: the trace is the measurement's own
// work), or an error when they differ.
function tracesBy(tasks, byTask) {
  const traces = new Map(); // "impl engine" -> trace breakdown
  const failures = new Map(); // "impl engine" -> why the calibrating task failed
  const keyOfTask = (t) => `${t.impl} ${t.engine}`;
  for (const t of tasks) {
    if (t.type !== 'scenario' || !t.calibrate) continue;
    const got = byTask.get(t);
    if (got?.value?.trace) traces.set(keyOfTask(t), got.value.trace);
    else failures.set(keyOfTask(t), `${t.scenario}: ${got?.error ?? 'not measured'}`);
  }
  return (task, figures) => {
    const own = figures.trace ?? traces.get(keyOfTask(task));
    if (own) return { ok: true, value: own };
    const others = [...traces].filter(([k]) => k.endsWith(` ${task.engine}`)).map(([, v]) => v);
    const same = others.length > 0 && others.every((v) => JSON.stringify(v) === JSON.stringify(others[0]));
    if (same) return { ok: true, value: others[0] };
    return { ok: false, error: `not calibrated: the library's calibrating measurement failed (${failures.get(keyOfTask(task))})` };
  };
}

// A result's figures with `trace` (what one snapshot leaves behind by itself) subtracted from its
// setup and residual, and the calibrating task's own `trace` dropped.
function withTrace(figures, trace) {
  const { trace: _measured, ...rest } = figures;
  const less = (breakdown) => breakdownOf(differenceOf(groupsOf(breakdown), groupsOf(trace)));
  const setup = less(figures.setup.breakdown);
  const residual = less(figures.teardown.breakdown);
  return {
    ...rest,
    setup: { retained_bytes: sumBytes(setup), breakdown: setup },
    teardown: { residual_bytes: sumBytes(residual), breakdown: residual },
  };
}

function timeBlock(value) {
  const samples = value.samplesNs;
  const median = medianOf(samples);
  return {
    median_ns: median,
    mad_ns: medianOf(samples.map((x) => Math.abs(x - median))),
    min_ns: Math.min(...samples),
    repetitions: samples.length,
    iterations_per_sample: value.perWindow,
    samples_ns: samples,
  };
}

const labelOf = (impl, engine) => `${impl} (${engine})`;
const paramsLabel = (p) => {
  const pairs = Object.entries(p).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? `[${pairs.join(',')}]` : '';
};
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const siteLabel = (s) => `${s.function} ${s.script}:${s.line}:${s.column}`;
function medianOf(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// Scripts relative to this folder (node_modules/…, scenarios.mjs), whether the profiler names them
// by URL (ES modules) or by path (CommonJS); node's own as they are.
function scriptName(url) {
  if (!url) return '(native)';
  if (!url.startsWith('file://') && !url.startsWith('/')) return url;
  const path = url.startsWith('/') ? url : fileURLToPath(url);
  const rel = relative(HERE, path);
  return rel.startsWith('..') ? path : rel;
}

// --engine a,b (default node): the engines, loaded; an unknown or unavailable one is exit 2 with
// its reason, before anything is measured.
async function selectEngines(options) {
  const names = (options.engine ?? DEFAULT_ENGINE).split(',');
  const engines = [];
  for (const n of names) {
    if (!ENGINE_NAMES.includes(n)) usage(`unknown engine '${n}' (known: ${ENGINE_NAMES.join(', ')})`);
    if (engines.some((e) => e.name === n)) continue;
    const engine = await loadEngine(n);
    const why = engine.available();
    if (why) usage(`engine ${n}: ${why}`);
    engines.push(engine);
  }
  return engines;
}

// Processes per library's per-object measurement: one where the engine is exact, else three (the
// entry then has the median and the spread).
const objectRuns = (engine) => (engine.inexact.perObject ? 3 : 1);

// A scenario's graph: its nodes and edges (0 for a scenario that does not state its shape).
function graphSize(scenario, params) {
  const shape = scenario.shape?.(params);
  return shape ? shape.signals + shape.computeds + shape.effects + shape.edges : 0;
}

// Iterations of the churn window: 100, or 10 on a graph of 1000 nodes and edges or more, whose
// every write allocates thousands of times (and every allocation costs the profiler a stack trace
// as deep as the graph: about 2 s per write of mobx on dynamic-deep). 10 is a multiple of every
// period such a scenario repeats with (cellx's 2 batches, dynamic-deep's 5 signals).
// --churn-iterations K sets K for every scenario.
const CHURN_ITERATIONS = 100;
const CHURN_ITERATIONS_LARGE = 10;
const LARGE_GRAPH = 1000;
const churnIterationsOf = (scenario, params, options) =>
  options['churn-iterations'] !== undefined
    ? positiveInt(options, 'churn-iterations')
    : graphSize(scenario, params) >= LARGE_GRAPH ? CHURN_ITERATIONS_LARGE : CHURN_ITERATIONS;

// How long a measurement takes, roughly, to start the longest first: a scenario's graph size
// (snapshots, their reading and the churn grow with it); per object, the objects made.
function taskWeight(task) {
  if (task.type === 'object') return 2 * task.count * OBJECT_MEASURES.length;
  return graphSize(findScenario(task.scenario), task.params);
}

// `engines` and `libs` give each task's engine and library by name. The heaviest tasks start first
// (longest processing time first), so that with --jobs J the last ones to finish are short; the
// report keeps the tasks' own order.
async function runAll(tasks, jobs, adapters, engines, libs, onDone) {
  const weights = new Map(tasks.map((t) => [t, taskWeight(t)]));
  const order = [...tasks].sort((a, b) => weights.get(b) - weights.get(a));
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const task = order[next++];
      const engine = engines.find((e) => e.name === task.engine);
      const outcome = await runChild(task, adapters, engine, findLibraryIn(libs, task.impl));
      try {
        onDone(task, outcome);
      } finally {
        rmSync(task.dir, { recursive: true, force: true });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
}

// Progress on stderr (--progress): `1`, a line per measurement with its wall and CPU seconds;
// `periodic` (sigheap passes it when stderr is a pipe or a CI log), a line whenever another 10 % is
// done or 5 s have passed, as sigheap's own; absent, nothing.
function progressOf(mode, total) {
  if (mode === undefined) return () => {};
  if (mode === 'periodic') {
    const started = Date.now();
    let last = started;
    let lastDecile = 0;
    return (done, label) => {
      const now = Date.now();
      const decile = Math.floor((done * 10) / total);
      if (decile === lastDecile && now - last < 5000 && done !== total) return;
      [lastDecile, last] = [decile, now];
      const where = done === total ? '' : `, last: ${label}`;
      const line = `sigheap run: JavaScript ${done}/${total} measurements done ` +
        `(${Math.floor((done * 100) / total)}%, ${((now - started) / 1000).toFixed(1)} s)${where}`;
      // 100 columns at most (a CI log's width): a long label (a seeded graph's parameters) is cut.
      process.stderr.write(`${line.length > 100 ? `${line.slice(0, 99)}…` : line}\n`);
    };
  }
  return (done, label, seconds) => {
    const { wall, cpu } = seconds ?? {};
    const took = wall === undefined ? '' : ` (${wall.toFixed(1)} s${cpu === undefined ? '' : `, ${cpu.toFixed(1)} s CPU`})`;
    process.stderr.write(`[js ${done}/${total}] ${label}${took}\n`);
  };
}

async function report(options, adapters) {
  const jobs = positiveInt(options, 'jobs', Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
  const iterationsOverride = options.iterations === undefined ? undefined : positiveInt(options, 'iterations');
  const objects = positiveInt(options, 'objects', 1000);
  const measurePerObject = options['no-per-object'] === undefined;
  const out = options.out ?? '-';
  const overrides = paramOverrides(options);
  const libs = selectLibraries(await loadLibraries(adapters), options);
  const chosen = selectedScenarios(options);
  const engines = await selectEngines(options);
  const engineNamed = (name) => engines.find((e) => e.name === name);
  const started = Date.now();
  scratch = mkdtempSync(join(os.tmpdir(), 'sigheap-v8-'));

  const tasks = [];
  const skipped = [];
  // One folder per measurement for its snapshots, its names all of one length (measure.mjs).
  const dirFor = () => join(scratch, String(tasks.length).padStart(4, '0'));
  for (const { name: engine } of engines) {
    for (const lib of libs) {
      // Where the engine's trace is known to be the same in every process (engine.calibrateOnce:
      // node), the library's first scenario measurement calibrates (measure.mjs); elsewhere each does.
      let calibrated = false;
      for (let run = 0; measurePerObject && run < objectRuns(engineNamed(engine)); run++) {
        tasks.push({ type: 'object', engine, impl: lib.impl, count: objects, run, dir: dirFor() });
      }
      for (const s of chosen) {
        for (const params of paramSetsOf(s, overrides)) {
          const reason = skipReason(lib, s);
          if (reason) {
            skipped.push({ lib, engine, scenario: s.name, params, reason });
            continue;
          }
          const iterations = iterationsOverride ?? s.iterations;
          const calibrate = !calibrated || !engineNamed(engine).calibrateOnce;
          calibrated = true;
          tasks.push({ type: 'scenario', engine, impl: lib.impl, scenario: s.name, params, iterations, calibrate,
                       churnIterations: churnIterationsOf(s, params, options), timeWindows: 5, dir: dirFor() });
        }
      }
    }
  }
  for (const t of tasks) mkdirSync(t.dir);

  const progress = progressOf(options.progress, tasks.length);
  let done = 0;
  const objectParts = new Map(); // impl_label -> [per process: kind -> breakdown]
  const byTask = new Map();
  let failed = false;
  await runAll(tasks, jobs, adapters, engines, libs, (task, outcome) => {
    done++;
    const what = task.type === 'object' ? 'per object' : `${task.scenario}${paramsLabel(task.params)}`;
    progress(done, `${task.impl} (${task.engine}) ${what}`, outcome.seconds);
    if (!outcome.ok) {
      byTask.set(task, { error: outcome.error });
      return;
    }
    if (task.type === 'object') {
      const label = labelOf(task.impl, task.engine);
      if (!objectParts.has(label)) objectParts.set(label, []);
      objectParts.get(label).push(outcome.value);
    } else {
      byTask.set(task, { value: outcome.value });
    }
  });

  const traceOf = tracesBy(tasks, byTask);
  const libraryOf = (lib) => ({ package: lib.package, version: lib.version });
  const results = [];
  for (const task of tasks) {
    if (task.type !== 'scenario') continue;
    const lib = findLibraryIn(libs, task.impl);
    const base = { impl: task.impl, engine: task.engine, library: libraryOf(lib), scenario: task.scenario, params: task.params };
    const got = byTask.get(task);
    if (!got || got.error) {
      failed = true;
      results.push({ ...base, status: 'error', error: got?.error ?? 'not measured' });
      continue;
    }
    const trace = traceOf(task, got.value);
    if (!trace.ok) {
      failed = true;
      results.push({ ...base, status: 'error', error: trace.error });
      continue;
    }
    const inexact = engineNamed(task.engine).inexact.scenarios;
    results.push({ ...base, status: 'ok', ...withTrace(got.value, trace.value), ...(inexact ? { inexact } : {}) });
  }
  for (const s of skipped) {
    results.push({ impl: s.lib.impl, engine: s.engine, library: libraryOf(s.lib), scenario: s.scenario, params: s.params,
                   status: 'skipped', error: s.reason });
  }

  const perObject = {};
  for (const { name: engine } of measurePerObject ? engines : []) {
    for (const lib of libs) {
      const label = labelOf(lib.impl, engine);
      const runs = objectParts.get(label) ?? [];
      const inexact = engineNamed(engine).inexact.perObject;
      const missing = runs.length < objectRuns(engineNamed(engine)) ? OBJECT_MEASURES : [];
      if (missing.length) {
        failed = true;
        const why = tasks
          .filter((t) => t.impl === lib.impl && t.engine === engine && t.type === 'object')
          .map((t) => byTask.get(t)?.error)
          .find(Boolean);
        process.stderr.write(`runner.mjs: ${label} per object (${missing.join(', ')}): ${why ?? 'failed'}\n`);
        continue;
      }
      const entry = { impl: lib.impl, engine, library: libraryOf(lib), ...(inexact ? { inexact } : {}), samples: objects };
      for (const kind of OBJECT_KINDS) {
        // One breakdown per process; several only for an inexact engine: the median's, with the spread.
        const measured = runs.map((breakdowns) => breakdowns[kind]).sort((p, q) => sumBytes(p) - sumBytes(q));
        const breakdown = measured[(measured.length - 1) >> 1];
        const bytes = sumBytes(breakdown);
        entry[kind] = { bytes, requested_bytes: bytes, breakdown };
        if (inexact) Object.assign(entry[kind], { min_bytes: sumBytes(measured[0]), max_bytes: sumBytes(measured.at(-1)) });
      }
      perObject[label] = entry;
    }
  }

  const metas = Object.fromEntries(engines.map((e) => [e.name, e.meta()]));
  const described = engines.map((e) => e.describe(metas[e.name])).join('; ');
  const doc = {
    schema: 'sigheap.report/1',
    meta: {
      tool_version: 'js-reference',
      git_commit: 'unknown',
      timestamp_utc: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      compiler: described,
      allocator: 'JavaScript engine heaps (heap snapshots; the sampling heap profiler where the engine has one)',
      cpu_count: os.cpus().length,
      command_line: ['node', 'runner.mjs', ...process.argv.slice(2)].join(' '),
      config: {
        objects,
        churn_iterations: options['churn-iterations'] === undefined ? `${CHURN_ITERATIONS}, ${CHURN_ITERATIONS_LARGE} on graphs of ${LARGE_GRAPH} nodes and edges or more` : positiveInt(options, 'churn-iterations'),
        scenarios: chosen.map((s) => s.name),
      },
      wall_seconds: (Date.now() - started) / 1000,
      js_engine: described,
      engines: metas,
    },
    results,
    per_object: perObject,
  };
  writeOut(out, JSON.stringify(doc, null, 2) + '\n');
  return failed ? 1 : 0;
}

function writeOut(out, text) {
  if (out === '-') {
    process.stdout.write(text);
    return;
  }
  const tmp = `${out}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, out);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {}
    cleanUp();
    usage(`cannot write '${out}': ${e.code ?? e.message}`);
  }
}

async function checksums(options, adapters) {
  const iterationsOverride = options.iterations === undefined ? undefined : positiveInt(options, 'iterations');
  const overrides = paramOverrides(options);
  const rows = [];
  for (const lib of selectLibraries(await loadLibraries(adapters), options)) {
    for (const s of selectedScenarios(options)) {
      for (const params of paramSetsOf(s, overrides)) {
        if (skipReason(lib, s)) continue;
        const iterations = iterationsOverride ?? s.iterations;
        const built = buildIn(lib, () => s.setup(lib, params));
        for (let i = 0; i < iterations; i++) s.iteration(lib, built.value, i);
        rows.push({ impl: lib.impl, scenario: s.name, params, checksum: built.value.checksum });
        built.dispose();
      }
    }
  }
  process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
}

// `checksums` run by the engine's own process (its output passed through), for an engine that runs
// runner.mjs itself (not chromium): exit 2 with the reason when the engine cannot.
async function checksumsIn(name, argv) {
  const [engine] = await selectEngines({ engine: name });
  if (!engine.command) usage(`checksums --engine ${name}: only engines that run this script (node, bun, deno)`);
  const [exe, ...args] = engine.command(SELF);
  const rest = [];
  for (let i = 0; i < argv.length; i += 2) if (argv[i] !== '--engine') rest.push(argv[i], argv[i + 1]);
  const p = spawn(exe, [...args, 'checksums', ...rest], { stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve) => p.on('close', (code) => resolve(code ?? 1)));
}

// The libraries sigheap can run, for `sigheap list`.
async function list(adapters) {
  const libs = await loadLibraries(adapters);
  const rows = libs.map((lib) => {
    const runs = [];
    const skips = {};
    for (const s of scenarios) {
      const reason = skipReason(lib, s);
      if (reason) skips[s.name] = reason;
      else runs.push(s.name);
    }
    return { impl: lib.impl, package: lib.package, version: lib.version, scenarios: runs, skipped: skips };
  });
  const engines = {};
  for (const name of ENGINE_NAMES) {
    const engine = await loadEngine(name).catch((e) => ({ available: () => `cannot load: ${e.message.split('\n')[0]}` }));
    const why = engine.available();
    engines[name] = why ? { available: false, reason: why } : { available: true, meta: engine.meta(), description: engine.describe(engine.meta()) };
  }
  const node = await loadEngine(DEFAULT_ENGINE);
  process.stdout.write(JSON.stringify({ engine: DEFAULT_ENGINE, engine_meta: node.meta(), engines, libraries: rows }, null, 2) + '\n');
}

const { command, options, positional, adapters } = parseArgs(process.argv.slice(2));
if (command === 'child') {
  child(positional, adapters, options.engine).catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
} else if (command === 'report') {
  try {
    process.exitCode = await report(options, adapters);
  } finally {
    cleanUp();
  }
} else if (command === 'checksums' && options.engine && options.engine !== DEFAULT_ENGINE) {
  process.exitCode = await checksumsIn(options.engine, process.argv.slice(3));
} else if (command === 'checksums') {
  await checksums(options, adapters);
} else if (command === 'list') {
  await list(adapters);
} else {
  usage(`expected a command: report, checksums or list (got '${command ?? ''}')`);
}
