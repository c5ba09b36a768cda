#!/usr/bin/env node
// sigheap's JavaScript runner: the real signals libraries on sigheap's scenarios, measured exactly
// in V8 (heap snapshots and the sampling heap profiler), written as a sigheap.report/1 report
// whose results carry `engine: "node"`.
//
//   node runner.mjs report [--out FILE|-] [--impl js:A,js:B] [--adapter PATH]... [--scenario A,B]
//                          [--skip-unknown 1] [--param NAME=V,...] [--iterations N] [--jobs J]
//                          [--objects N] [--churn-iterations K] [--progress 1]
//   node runner.mjs checksums [--impl ...] [--adapter PATH]... [--scenario A,B] [--param ...]
//   node runner.mjs list [--adapter PATH]...        (JSON: libraries, versions, scenarios)
// `sigheap run --with-js` calls `report` and merges its output; README.md says what is measured.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as libraryModule from './libraries.mjs';
import * as scenarioModule from './scenarios.mjs';
import { NODE_FLAGS, measureObjects, measureScenario } from './measure-v8.mjs';
import { readSnapshot, newSince, differenceOf, breakdownOf, sumBytes } from './heap-snapshot.mjs';

const SELF = fileURLToPath(import.meta.url);
const HERE = dirname(SELF);
const ENGINE = 'node';
const OBJECT_KINDS = ['signal', 'computed', 'edge', 'effect'];
const CHILD_TIMEOUT_MS = 300_000;
// Frames of the profiler's own calls (the inspector session, the clock around the iterations, the
// loop that runs them):
// their allocations are the measurement's, not the scenario's, and cancel out but for rounding.
const PROFILER_SCRIPTS = ['node:inspector', 'node:internal/perf/', 'measure-v8.mjs'];
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

// ---- libraries: the adapter API of libraries.mjs and scenarios.mjs -----------------------------

// `impls` (optional): only these are needed; a measurement process imports just the library it
// measures (every other library's code would sit in its heap, and every snapshot and full GC would
// walk it).
const loadLibraries = (adapters, impls) => libraryModule.loadLibraries({ adapters, impls });
const { buildIn, findLibrary } = libraryModule;
const { skipReason } = scenarioModule;

function selectLibraries(libs, options) {
  if (!options.impl) return libs;
  const names = options.impl.split(',');
  for (const n of names) {
    if (!libs.some((l) => l.impl === n)) usage(`unknown library '${n}' (known: ${libs.map((l) => l.impl).join(', ')})`);
  }
  return libs.filter((l) => names.includes(l.impl));
}

// --scenario A,B (unknown names are an error, or skipped with --skip-unknown 1: sigheap passes its
// whole selection).
function selectedScenarios(options) {
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

async function child(taskJson, adapters) {
  const task = JSON.parse(taskJson);
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  const lib = findLibrary(await loadLibraries(adapters, [task.impl]), task.impl);
  const measured =
    task.type === 'object'
      ? measureObjects(lib, buildIn, task)
      : await measureScenario(lib, buildIn, findScenario(task.scenario), task);
  // The measurement is over, so its snapshots can be read here: in parallel with the other jobs,
  // instead of one after another in the parent's single thread (which would also keep it from
  // starting the next measurement or handling a signal while it reads).
  let out;
  try {
    out = { figures: task.type === 'object' ? objectFigures(measured, task.count) : scenarioFigures(measured, task) };
  } catch (e) {
    out = { error: e.message };
  }
  process.stdout.write(JSON.stringify(out));
}

// ---- in the parent: run children, collect their figures -----------------------------------------

const running = new Set();
let scratch;

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

function runChild(task, adapters) {
  return new Promise((resolve) => {
    const args = [...NODE_FLAGS, SELF, 'child', JSON.stringify(task)];
    for (const a of adapters) args.push('--adapter', a);
    const started = Date.now();
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(p);
    const timer = setTimeout(() => p.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(p);
      if (code === 0) {
        try {
          resolve({ ok: true, value: JSON.parse(out), seconds: (Date.now() - started) / 1000 });
          return;
        } catch (e) {
          err = `unreadable output: ${e.message}`;
        }
      }
      const last = err.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
      resolve({ ok: false, error: `node exited with ${signal ?? code}: ${last}` });
    });
  });
}

// Per kind: bytes per object = (what 2N objects add - what N add) / N, by (type, constructor), on
// the measurement's chain of snapshots: before, then N and 2N of each kind in turn; an edge is a
// computed reading two sources less one reading one. The breakdown of each of OBJECT_KINDS.
function objectFigures(value, count) {
  const groups = {};
  let before = readSnapshot(value.snapshots[0]);
  value.kinds.forEach((kind, k) => {
    const n = readSnapshot(value.snapshots[1 + 2 * k]);
    const twice = readSnapshot(value.snapshots[2 + 2 * k]);
    groups[kind] = differenceOf(newSince(before, twice), newSince(before, n), count);
    before = twice;
  });
  groups.edge = differenceOf(groups['edge-two'], groups['edge-one']);
  return Object.fromEntries(OBJECT_KINDS.map((kind) => [kind, breakdownOf(groups[kind])]));
}

// Setup retained and residual: nodes new since the calibration snapshot, less what one snapshot
// leaves behind by itself (the calibration snapshot's own new nodes).
function scenarioFigures(value, task) {
  const [before, calibration, setup, disposed] = value.snapshots.map(readSnapshot);
  const trace = newSince(before, calibration);
  const setupParts = breakdownOf(differenceOf(newSince(calibration, setup), trace));
  const residualParts = breakdownOf(differenceOf(newSince(calibration, disposed), trace));
  const churn = JSON.parse(readFileSync(value.churn, 'utf8'));
  if (churn.majorGcsInWindow > 0) {
    throw new Error(`${churn.majorGcsInWindow} major GC(s) ran in the churn window; its samples would not be exact`);
  }
  const k = task.churnIterations;
  const sites = [];
  for (const key of new Set([...Object.keys(churn.once), ...Object.keys(churn.twice)])) {
    const a = churn.once[key] ?? { allocs: 0, bytes: 0 };
    const b = churn.twice[key] ?? { allocs: 0, bytes: 0 };
    if (a.allocs === b.allocs && a.bytes === b.bytes) continue;
    const [fn, url, line, column] = JSON.parse(key);
    if (isProfilers(url)) continue;
    sites.push({
      function: fn || '(anonymous)',
      script: scriptName(url),
      line: line + 1,
      column: column + 1,
      allocs_per_iteration: (b.allocs - a.allocs) / k,
      bytes_per_iteration: (b.bytes - a.bytes) / k,
    });
  }
  sites.sort((p, q) => q.bytes_per_iteration - p.bytes_per_iteration || cmp(siteLabel(p), siteLabel(q)));
  const samples = value.samplesNs;
  const median = medianOf(samples);
  return {
    checksum: value.checksum,
    setup: { retained_bytes: sumBytes(setupParts), breakdown: setupParts },
    steady: {
      iterations: k,
      allocs_per_iteration: sites.reduce((s, x) => s + x.allocs_per_iteration, 0),
      bytes_per_iteration: sites.reduce((s, x) => s + x.bytes_per_iteration, 0),
      sites,
    },
    teardown: { residual_bytes: sumBytes(residualParts), breakdown: residualParts },
    time: {
      median_ns: median,
      mad_ns: medianOf(samples.map((x) => Math.abs(x - median))),
      min_ns: Math.min(...samples),
      repetitions: samples.length,
      iterations_per_sample: value.perWindow,
      samples_ns: samples,
    },
  };
}

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

// Scripts relative to this folder (node_modules/…, scenarios.mjs); node's own as they are.
function scriptName(url) {
  if (!url) return '(native)';
  if (!url.startsWith('file://')) return url;
  const rel = relative(HERE, fileURLToPath(url));
  return rel.startsWith('..') ? fileURLToPath(url) : rel;
}

export function engineMeta() {
  return {
    version: process.versions.node,
    v8: process.versions.v8,
    pointer_compression: Boolean(process.config.variables.v8_enable_pointer_compression),
    arch: process.arch,
    flags: NODE_FLAGS.join(' '),
  };
}

function engineDescription(e) {
  return `node ${e.version}, V8 ${e.v8}, pointer compression ${e.pointer_compression ? 'on' : 'off'}, ${e.arch}`;
}

// The order in which measurements start: largest graphs first. A measurement's time grows with the
// heap its snapshots hold (creation's 100,000 signals take minutes, a diamond seconds), so started
// last, a large one would run alone while the other jobs sit idle. Per object: 2N objects of each
// of its five kinds. Results keep the order of `tasks`.
function longestFirst(tasks) {
  const size = (t) => {
    if (t.type === 'object') return 10 * t.count;
    const shape = findScenario(t.scenario).shape?.(t.params) ?? {};
    return Object.values(shape).reduce((sum, n) => sum + n, 0);
  };
  return tasks.map((t) => [size(t), t]).sort((a, b) => b[0] - a[0]).map(([, t]) => t);
}

async function runAll(tasks, jobs, adapters, onDone) {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      const outcome = await runChild(task, adapters);
      try {
        onDone(task, outcome);
      } finally {
        rmSync(task.dir, { recursive: true, force: true });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
}

async function report(options, adapters) {
  const jobs = positiveInt(options, 'jobs', Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
  const iterationsOverride = options.iterations === undefined ? undefined : positiveInt(options, 'iterations');
  const objects = positiveInt(options, 'objects', 1000);
  const churnIterations = positiveInt(options, 'churn-iterations', 100);
  const out = options.out ?? '-';
  const overrides = paramOverrides(options);
  const libs = selectLibraries(await loadLibraries(adapters), options);
  const chosen = selectedScenarios(options);
  const started = Date.now();
  scratch = mkdtempSync(join(os.tmpdir(), 'sigheap-v8-'));

  const tasks = [];
  const skipped = [];
  // One folder per measurement for its snapshots, its names all of one length (measure-v8.mjs).
  const dirFor = () => join(scratch, String(tasks.length).padStart(4, '0'));
  for (const lib of libs) {
    tasks.push({ type: 'object', impl: lib.impl, count: objects, dir: dirFor() });
    for (const s of chosen) {
      for (const params of paramSetsOf(s, overrides)) {
        const reason = skipReason(lib, s);
        if (reason) {
          skipped.push({ lib, scenario: s.name, params, reason });
          continue;
        }
        const iterations = iterationsOverride ?? s.iterations;
        tasks.push({ type: 'scenario', impl: lib.impl, scenario: s.name, params, iterations,
                     churnIterations, timeWindows: 5, dir: dirFor() });
      }
    }
  }
  for (const t of tasks) mkdirSync(t.dir);

  const progress = options.progress !== undefined;
  let done = 0;
  const objectParts = new Map(); // impl -> kind -> breakdown
  const byTask = new Map();
  let failed = false;
  await runAll(longestFirst(tasks), jobs, adapters, (task, outcome) => {
    done++;
    const what = task.type === 'object' ? 'per object' : `${task.scenario}${paramsLabel(task.params)}`;
    // With the measuring process's wall time, so that a slow library or scenario shows.
    const took = outcome.seconds === undefined ? '' : ` (${outcome.seconds.toFixed(1)} s)`;
    if (progress) process.stderr.write(`[js ${done}/${tasks.length}] ${task.impl} ${what}${took}\n`);
    if (!outcome.ok || outcome.value.error) {
      byTask.set(task, { error: outcome.error ?? outcome.value.error });
      return;
    }
    if (task.type === 'object') objectParts.set(task.impl, outcome.value.figures);
    else byTask.set(task, { value: outcome.value.figures });
  });

  const libraryOf = (lib) => ({ package: lib.package, version: lib.version });
  const results = [];
  for (const task of tasks) {
    if (task.type !== 'scenario') continue;
    const lib = findLibrary(libs, task.impl);
    const base = { impl: task.impl, engine: ENGINE, library: libraryOf(lib), scenario: task.scenario, params: task.params };
    const got = byTask.get(task);
    if (!got || got.error) {
      failed = true;
      results.push({ ...base, status: 'error', error: got?.error ?? 'not measured' });
      continue;
    }
    results.push({ ...base, status: 'ok', ...got.value });
  }
  for (const s of skipped) {
    results.push({ impl: s.lib.impl, engine: ENGINE, library: libraryOf(s.lib), scenario: s.scenario, params: s.params,
                   status: 'skipped', error: s.reason });
  }

  const perObject = {};
  for (const lib of libs) {
    const parts = objectParts.get(lib.impl);
    if (!parts) {
      failed = true;
      const why = tasks.filter((t) => t.impl === lib.impl && t.type === 'object').map((t) => byTask.get(t)?.error).find(Boolean);
      process.stderr.write(`runner.mjs: ${lib.impl} per object: ${why ?? 'failed'}\n`);
      continue;
    }
    const entry = { impl: lib.impl, engine: ENGINE, library: libraryOf(lib), samples: objects };
    for (const kind of OBJECT_KINDS) {
      const bytes = sumBytes(parts[kind]);
      entry[kind] = { bytes, requested_bytes: bytes, breakdown: parts[kind] };
    }
    perObject[`${lib.impl} (${ENGINE})`] = entry;
  }

  const engine = engineMeta();
  const doc = {
    schema: 'sigheap.report/1',
    meta: {
      tool_version: 'js-reference',
      git_commit: 'unknown',
      timestamp_utc: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      compiler: engineDescription(engine),
      allocator: 'V8 heap (heap snapshots, sampling heap profiler)',
      cpu_count: os.cpus().length,
      command_line: ['node', 'runner.mjs', ...process.argv.slice(2)].join(' '),
      config: { objects, churn_iterations: churnIterations, scenarios: chosen.map((s) => s.name) },
      wall_seconds: (Date.now() - started) / 1000,
      js_engine: engineDescription(engine),
      engines: { [ENGINE]: engine },
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
  process.stdout.write(JSON.stringify({ engine: ENGINE, engine_meta: engineMeta(), libraries: rows }, null, 2) + '\n');
}

const { command, options, positional, adapters } = parseArgs(process.argv.slice(2));
if (command === 'child') {
  child(positional, adapters).catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
} else if (command === 'report') {
  try {
    process.exitCode = await report(options, adapters);
  } finally {
    cleanUp();
  }
} else if (command === 'checksums') {
  await checksums(options, adapters);
} else if (command === 'list') {
  await list(adapters);
} else {
  usage(`expected a command: report, checksums or list (got '${command ?? ''}')`);
}
