#!/usr/bin/env node
// sigheap's JavaScript reference runner: @preact/signals-core and alien-signals on sigheap's
// scenarios, measured in V8, written as a sigheap.report/1 report (impls `js:<library>`).
//
//   node runner.mjs report [--out FILE|-] [--repetitions R] [--scenario A,B] [--skip-unknown 1]
//                          [--param NAME=V,...] [--iterations N] [--jobs J] [--progress 1]
//   node runner.mjs checksums [--scenario A,B] [--param NAME=V,...] [--iterations N]   (JSON)
// `sigheap run --with-js` calls `report` and merges its output; tests/js_reference_test.py compares
// `checksums` with the C++ scenarios.
//
// V8 figures are not deterministic: every measurement runs in its own `node --expose-gc` process,
// R times, and the report gives the median with the spread (min, max). See README.md.
import { spawn } from 'node:child_process';
import { writeFileSync, renameSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { libraries, findLibrary } from './libraries.mjs';
import { scenarios, findScenario, checksumOf } from './scenarios.mjs';

const SELF = fileURLToPath(import.meta.url);
const OBJECTS = 100000; // objects per per-object measurement
const SEMI_SPACE_MB = 128; // young generation big enough that the steady window needs no scavenge
// --no-flush-bytecode: repeated full GCs would otherwise drop idle functions' bytecode and make
// heap deltas negative; --single-threaded-gc: no concurrent sweeping behind heapUsed's back. A
// scenario's steady window also gets a young generation big enough that it needs no scavenge.
const NODE_FLAGS = ['--expose-gc', '--no-flush-bytecode', '--single-threaded-gc'];
const WINDOW_FLAGS = [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--min-semi-space-size=${SEMI_SPACE_MB}`];

function usage(message) {
  process.stderr.write(`runner.mjs: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const out = { command: argv[0], options: {} };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out.positional = a;
      continue;
    }
    const key = a.slice(2);
    const value = argv[++i];
    if (value === undefined) usage(`${a} needs a value`);
    out.options[key] = value;
  }
  return out;
}

function positiveInt(options, key, fallback) {
  if (options[key] === undefined) return fallback;
  const v = Number(options[key]);
  if (!Number.isInteger(v) || v <= 0) usage(`--${key} ${options[key]}: must be a positive integer`);
  return v;
}

// --scenario A,B (unknown names are an error, or skipped with --skip-unknown 1: sigheap passes its
// whole selection, and only some scenarios are ported).
function selectedScenarios(options) {
  if (!options.scenario) return scenarios;
  const names = options.scenario.split(',');
  if (options['skip-unknown'] === undefined) {
    for (const n of names) if (!scenarios.some((s) => s.name === n)) usage(`unknown scenario '${n}'`);
  }
  return scenarios.filter((s) => names.includes(s.name));
}

// --param name=value,... overrides, as `sigheap run --param`: a scenario with such a parameter runs
// that one set instead of its default sets.
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

let overrides = {};
function paramSetsOf(s) {
  const sets = s.paramSets ?? [s.params];
  const mine = Object.keys(overrides).filter((k) => k in s.params);
  if (mine.length === 0) return sets;
  const set = { ...sets[0] };
  for (const k of mine) set[k] = overrides[k];
  return [set];
}

// ---- in the child: one measurement ------------------------------------------------------------

function fullGc() {
  for (let i = 0; i < 4; i++) globalThis.gc();
}

// Full GCs, with the event loop turning between them (weak references and finalizers), until the
// heap stops shrinking; returns heapUsed then.
async function settledHeap() {
  let last = Infinity;
  for (let round = 0; round < 8; round++) {
    fullGc();
    await new Promise((resolve) => setImmediate(resolve));
    const now = heapUsed();
    if (Math.abs(last - now) < 512) return now;
    last = now;
  }
  return last;
}

function heapUsed() {
  return process.memoryUsage().heapUsed;
}

// GC observer: entries arrive asynchronously, each with its start time on performance.now()'s
// clock, so a window [t0, t1] is checked after the fact.
const gcStarts = [];
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
function observeGc() {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcStarts.push(e.startTime);
  }).observe({ entryTypes: ['gc'] });
}

// Retained bytes of `count` objects made by make(i), held in a preallocated array, after full GCs.
async function retainedPerObject(make, count) {
  for (let i = 0; i < 1000; i++) make(i); // warm-up: maps, inline caches and code exist before
  const keep = new Array(count).fill(null);
  const before = await settledHeap();
  for (let i = 0; i < count; i++) keep[i] = make(i);
  const after = await settledHeap();
  if (keep.length !== count) throw new Error('lost objects');
  return (after - before) / count;
}

// The per-object micro-measurements, mirroring scenarios/attribution.h: a signal nobody reads; an
// evaluated computed that reads nothing; the extra cost of a second dependency of a computed; an
// effect that reads nothing. One shared function per kind, so the user's closures are not counted
// (in C++ the callable is stored inline; here it would be a separate V8 object).
async function measureObject(lib, kind, count) {
  if (kind === 'signal') return retainedPerObject((i) => lib.signal(i), count);
  if (kind === 'computed') {
    const fn = () => 1;
    return retainedPerObject(() => {
      const c = lib.computed(fn);
      lib.get(c);
      return c;
    }, count);
  }
  if (kind === 'edge') {
    const a = lib.signal(1);
    const b = lib.signal(2);
    const one = () => lib.get(a);
    const two = () => lib.get(a) + lib.get(b);
    const make = (fn) => () => {
      const c = lib.computed(fn);
      lib.get(c);
      return c;
    };
    return (await retainedPerObject(make(two), count)) - (await retainedPerObject(make(one), count));
  }
  if (kind === 'effect') {
    const fn = () => {};
    return retainedPerObject(() => lib.effect(fn), count);
  }
  throw new Error(`unknown object kind '${kind}'`);
}

async function measureScenario(lib, scenario, params, iterations) {
  observeGc();
  const st = scenario.setup(lib, params);
  // Warm-up (part of the checksum's iterations), then a window with no GC in it.
  const warm = Math.max(1, Math.floor(iterations / 10));
  let i = 0;
  for (; i < warm; i++) scenario.iteration(lib, st, i);
  fullGc();
  const h0 = heapUsed();
  const t0 = performance.now();
  for (; i < iterations; i++) scenario.iteration(lib, st, i);
  const t1 = performance.now();
  const h1 = heapUsed();
  await settle();
  const windowIterations = iterations - warm;
  return {
    checksum: st.checksum,
    window_iterations: windowIterations,
    window_bytes_per_iteration: (h1 - h0) / windowIterations,
    gc_in_window: gcStarts.filter((t) => t >= t0 && t <= t1).length,
    ns_per_iteration: ((t1 - t0) * 1e6) / windowIterations,
  };
}

async function child(taskJson) {
  const task = JSON.parse(taskJson);
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  const lib = findLibrary(task.lib);
  const out =
    task.type === 'object'
      ? { bytes: await measureObject(lib, task.kind, task.count) }
      : await measureScenario(lib, findScenario(task.scenario), task.params, task.iterations);
  process.stdout.write(JSON.stringify(out));
}

// ---- in the parent: run children, aggregate -----------------------------------------------------

function runChild(task) {
  return new Promise((resolve) => {
    const flags = task.type === 'scenario' ? [...NODE_FLAGS, ...WINDOW_FLAGS] : NODE_FLAGS;
    const p = spawn(process.execPath, [...flags, SELF, 'child', JSON.stringify(task)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code, signal) => {
      if (code === 0) {
        try {
          resolve({ ok: true, value: JSON.parse(out) });
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

async function runAll(tasks, jobs, onDone) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const k = next++;
      results[k] = await runChild(tasks[k]);
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return results;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round1 = (x) => Math.round(x * 10) / 10;

function engineDescription() {
  const compression = process.config.variables.v8_enable_pointer_compression ? 'on' : 'off';
  return `node ${process.version}, V8 ${process.versions.v8}, pointer compression ${compression}, ${process.arch}`;
}

async function report(options) {
  const repetitions = positiveInt(options, 'repetitions', 5);
  const jobs = positiveInt(options, 'jobs', Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
  const iterationsOverride = options.iterations === undefined ? undefined : positiveInt(options, 'iterations');
  const out = options.out ?? '-';
  const chosen = selectedScenarios(options);
  const started = Date.now();

  const tasks = [];
  for (const lib of Object.keys(libraries)) {
    for (const kind of ['signal', 'computed', 'edge', 'effect']) {
      for (let r = 0; r < repetitions; r++) tasks.push({ type: 'object', lib, kind, count: OBJECTS });
    }
    for (const s of chosen) {
      for (const params of paramSetsOf(s)) {
        const iterations = iterationsOverride ?? s.iterations;
        for (let r = 0; r < repetitions; r++) tasks.push({ type: 'scenario', lib, scenario: s.name, params, iterations });
      }
    }
  }
  let done = 0;
  const tty = process.stderr.isTTY && options.quiet === undefined && options.progress !== undefined;
  const outcomes = await runAll(tasks, jobs, () => {
    done++;
    if (tty) process.stderr.write(`\r\x1b[K[js ${done}/${tasks.length}]`);
  });
  if (tty) process.stderr.write('\r\x1b[K');

  const engine = engineDescription();
  const groups = new Map(); // key -> {task, values[], errors[]}
  tasks.forEach((t, k) => {
    const key = t.type === 'object' ? `${t.lib}|object|${t.kind}` : `${t.lib}|${t.scenario}|${JSON.stringify(t.params)}`;
    if (!groups.has(key)) groups.set(key, { task: t, values: [], errors: [] });
    const g = groups.get(key);
    if (outcomes[k].ok) g.values.push(outcomes[k].value);
    else g.errors.push(outcomes[k].error);
  });

  const perObject = {};
  const results = [];
  let failed = false;
  for (const { task, values, errors } of groups.values()) {
    if (task.type === 'object') {
      if (errors.length) {
        failed = true;
        process.stderr.write(`runner.mjs: ${task.lib} ${task.kind}: ${errors[0]}\n`);
        continue;
      }
      const po = (perObject[task.lib] ??= {
        graph: { bytes: 0, requested_bytes: 0 },
        samples: repetitions,
        engine,
      });
      const bytes = values.map((v) => v.bytes);
      const m = round1(median(bytes));
      po[task.kind] = { bytes: m, requested_bytes: m, min_bytes: round1(Math.min(...bytes)), max_bytes: round1(Math.max(...bytes)) };
      continue;
    }
    const base = { impl: task.lib, scenario: task.scenario, params: task.params };
    if (errors.length) {
      failed = true;
      results.push({ ...base, status: 'error', error: errors[0] });
      continue;
    }
    const checksums = new Set(values.map((v) => v.checksum));
    if (checksums.size !== 1) {
      failed = true;
      results.push({ ...base, status: 'error', error: 'repetitions disagree on the checksum' });
      continue;
    }
    const pick = (f) => values.map(f);
    const perIteration = pick((v) => v.window_bytes_per_iteration);
    const ns = pick((v) => v.ns_per_iteration);
    const nsMedian = median(ns);
    results.push({
      ...base,
      status: 'ok',
      checksum: values[0].checksum,
      v8: {
        engine,
        repetitions: values.length,
        steady_window_iterations: values[0].window_iterations,
        steady_bytes_per_iteration: round1(median(perIteration)),
        steady_bytes_per_iteration_min: round1(Math.min(...perIteration)),
        steady_bytes_per_iteration_max: round1(Math.max(...perIteration)),
        gc_in_window: values.reduce((n, v) => n + (v.gc_in_window > 0 ? 1 : 0), 0),
      },
      time: {
        median_ns: nsMedian,
        mad_ns: median(ns.map((x) => Math.abs(x - nsMedian))),
        min_ns: Math.min(...ns),
        repetitions: ns.length,
        iterations_per_sample: values[0].window_iterations,
        samples_ns: ns,
      },
    });
  }
  for (const [lib, po] of Object.entries(perObject)) {
    for (const kind of ['signal', 'computed', 'edge', 'effect']) if (!po[kind]) delete perObject[lib];
  }

  const doc = {
    schema: 'sigheap.report/1',
    meta: {
      tool_version: 'js-reference',
      git_commit: 'unknown',
      timestamp_utc: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      compiler: engine,
      allocator: 'V8 heap (heapUsed deltas)',
      cpu_count: os.cpus().length,
      command_line: ['node', 'runner.mjs', ...process.argv.slice(2)].join(' '),
      config: { repetitions, objects: OBJECTS, semi_space_mb: SEMI_SPACE_MB, scenarios: chosen.map((s) => s.name) },
      wall_seconds: (Date.now() - started) / 1000,
      js_engine: engine,
    },
    results,
    per_object: perObject,
  };
  const text = JSON.stringify(doc, null, 2) + '\n';
  if (out === '-') {
    process.stdout.write(text);
  } else {
    const tmp = `${out}.tmp-${process.pid}`;
    try {
      writeFileSync(tmp, text);
      renameSync(tmp, out);
    } catch (e) {
      try {
        unlinkSync(tmp);
      } catch {}
      usage(`cannot write '${out}': ${e.code ?? e.message}`);
    }
  }
  return failed ? 1 : 0;
}

function checksums(options) {
  const iterationsOverride = options.iterations === undefined ? undefined : positiveInt(options, 'iterations');
  const rows = [];
  for (const [impl, lib] of Object.entries(libraries)) {
    for (const s of selectedScenarios(options)) {
      for (const params of paramSetsOf(s)) {
        rows.push({ impl, scenario: s.name, params, checksum: checksumOf(lib, s, params, iterationsOverride ?? s.iterations) });
      }
    }
  }
  process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
}

const { command, options, positional } = parseArgs(process.argv.slice(2));
overrides = paramOverrides(options);
if (command === 'child') {
  child(positional).catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
} else if (command === 'report') {
  process.exitCode = await report(options);
} else if (command === 'checksums') {
  checksums(options);
} else {
  usage(`expected a command: report or checksums (got '${command ?? ''}')`);
}
