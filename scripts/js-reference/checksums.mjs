#!/usr/bin/env node
// Every (library, scenario, parameter set)'s checksum, fast (no memory measurement), as JSON:
//   [{impl, scenario, params, checksum, shape, status: 'ok'|'skipped'|'error', reason?}]
// A pair the library cannot express with the C++ semantics is 'skipped' with its reason
// (scenarios.mjs skipReason, on the library's behaviour as conformance.mjs measures it); a library
// that throws is 'error' and the exit code is 1.
//
//   node checksums.mjs [--scenario A,B] [--library js:a,js:b] [--adapter PATH]... [--iterations N]
//                      [--builtins 0] [--list 1]
// --adapter (repeatable) adds a user's adapter file; --builtins 0 leaves the built-in libraries
// out (with --adapter: only the user's); --iterations overrides every scenario's count (the C++
// side must then run with the same --iterations, as the checksum depends on it).
// --list 1 runs nothing and prints the libraries instead: [{impl, package, version, scheduler, root,
// scenarios: [names it runs], skipped: [{scenario, reason}]}] (for `sigheap list`).
// Setup runs inside the library's root scope (libraries.mjs buildIn); all is disposed at the end.
import { loadLibraries, buildIn } from './libraries.mjs';
import { scenarios, findScenario, skipReason } from './scenarios.mjs';
import { conform } from './conformance.mjs';

function usage(message) {
  process.stderr.write(`checksums.mjs: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const options = { adapter: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const key = a.startsWith('--') ? a.slice(2) : null;
    if (!['scenario', 'library', 'adapter', 'iterations', 'builtins', 'list'].includes(key)) usage(`unknown argument '${a}'`);
    const value = argv[++i];
    if (value === undefined) usage(`${a} needs a value`);
    if (key === 'adapter') options.adapter.push(value);
    else options[key] = value;
  }
  return options;
}

function runPair(lib, scenario, params, iterations) {
  const built = buildIn(lib, () => scenario.setup(lib, params));
  const st = built.value;
  try {
    for (let i = 0; i < iterations; i++) scenario.iteration(lib, st, i);
    return st.checksum;
  } finally {
    for (const dispose of st.disposers) dispose();
    built.dispose();
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  let iterations;
  if (options.iterations !== undefined) {
    iterations = Number(options.iterations);
    if (!Number.isInteger(iterations) || iterations <= 0) usage(`--iterations ${options.iterations}: must be a positive integer`);
  }
  let chosen = scenarios;
  if (options.scenario) {
    try {
      chosen = options.scenario.split(',').map(findScenario);
    } catch (e) {
      usage(e.message);
    }
  }
  if (options.builtins !== undefined && !['0', '1'].includes(options.builtins)) usage('--builtins takes 0 or 1');
  let libs;
  try {
    libs = await loadLibraries({
      adapters: options.adapter,
      impls: options.library?.split(','),
      builtIns: options.builtins !== '0',
    });
  } catch (e) {
    usage(e.message);
  }
  if (options.list !== undefined) {
    if (options.list !== '1') usage('--list takes 1');
    const listing = libs.map((lib) => {
      const { capabilities } = conform(lib);
      const skipped = chosen.map((s) => ({ scenario: s.name, reason: skipReason(lib, s, capabilities) })).filter((x) => x.reason);
      return {
        impl: lib.impl,
        package: lib.package,
        version: lib.version,
        scheduler: lib.scheduler ?? 'library',
        root: typeof lib.root === 'function',
        scenarios: chosen.filter((s) => !skipped.some((x) => x.scenario === s.name)).map((s) => s.name),
        skipped,
      };
    });
    process.stdout.write(JSON.stringify(listing, null, 2) + '\n');
    return 0;
  }
  const rows = [];
  let failed = false;
  for (const lib of libs) {
    // Skips follow the library's measured behaviour (a user's adapter may declare nothing).
    const { capabilities } = conform(lib);
    for (const s of chosen) {
      for (const params of s.paramSets ?? [s.params]) {
        const row = { impl: lib.impl, scenario: s.name, params, shape: s.shape(params) };
        const reason = skipReason(lib, s, capabilities);
        if (reason) {
          rows.push({ ...row, status: 'skipped', reason });
          continue;
        }
        try {
          rows.push({ ...row, checksum: runPair(lib, s, params, iterations ?? s.iterations), status: 'ok' });
        } catch (e) {
          failed = true;
          rows.push({ ...row, status: 'error', reason: `${e.message ?? e}`.split('\n')[0] });
        }
      }
    }
  }
  process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  return failed ? 1 : 0;
}

process.exitCode = await main();
