#!/usr/bin/env node
// The JavaScript conformance suite: small behaviours run over every library's adapter, each giving
// a capability value (what the library does), so a legitimate difference between libraries is a
// recorded fact, not a failure. A failure is a crash, a broken contract (an effect that returns no
// disposer, a read that does not return what was written), or a capability an adapter declares
// (adapter.capabilities) that its measured behaviour contradicts: skipReason() in scenarios.mjs
// relies on declared capabilities, so they must be true.
//
//   node conformance.mjs [--json | --markdown] [--library js:a,js:b] [--adapter PATH]...
// Default output: one line per library. --markdown: the capability table (docs/js-capabilities.md
// is generated from it). Exit 1 when any library fails, 2 on bad usage.
import { loadLibraries } from './libraries.mjs';
import { scenarios, skipReason } from './scenarios.mjs';

// Each behaviour: { key, title, explain, run(lib) -> value }. Values are booleans or short strings.
export const BEHAVIOURS = [
  {
    key: 'lazyComputeds',
    title: 'lazy computeds',
    explain: 'a computed is not evaluated until read, and an unread one is not re-evaluated by a write',
    run(lib) {
      let evals = 0;
      const s = lib.signal(1);
      const c = lib.computed(() => {
        evals++;
        return lib.get(s) * 2;
      });
      const atCreation = evals;
      expectValue(lib.get(c), 2, 'computed value');
      lib.set(s, 2);
      const afterWrite = evals;
      expectValue(lib.get(c), 4, 'computed value after a write');
      return atCreation === 0 && afterWrite === 1;
    },
  },
  {
    key: 'glitchFree',
    title: 'glitch-free',
    explain: 'in a diamond, the bottom never sees one branch updated and the other not (effect and read)',
    run(lib) {
      const s = lib.signal(1);
      const a = lib.computed(() => lib.get(s) + 1);
      const b = lib.computed(() => lib.get(s) * 2);
      let consistent = true;
      const bottom = lib.computed(() => {
        const v = lib.get(a) + lib.get(b);
        const x = lib.get(s);
        if (v !== 3 * x + 1) consistent = false;
        return v;
      });
      const dispose = effectOf(lib, () => {
        lib.get(bottom);
      });
      for (let v = 2; v < 6; v++) {
        lib.set(s, v);
        expectValue(lib.get(bottom), 3 * v + 1, 'diamond bottom');
      }
      dispose();
      return consistent;
    },
  },
  {
    key: 'equalityCutoff',
    title: 'equal-value cut-off',
    explain: 'a computed that recomputes to an equal value does not re-run what depends on it',
    run(lib) {
      const s = lib.signal(1);
      const parity = lib.computed(() => lib.get(s) % 2);
      let below = 0;
      let runs = 0;
      const next = lib.computed(() => {
        below++;
        return lib.get(parity) + 1;
      });
      const dispose = effectOf(lib, () => {
        runs++;
        lib.get(next);
      });
      const [b0, r0] = [below, runs];
      lib.set(s, 3); // parity stays 1
      const cut = below === b0 && runs === r0;
      expectValue(lib.get(next), 2, 'computed below the cut-off');
      dispose();
      return cut;
    },
  },
  {
    key: 'dynamicDependencies',
    title: 'dynamic dependencies',
    explain: 'after a branch switch, a write to the source no longer read does not re-run the computed',
    run(lib) {
      const useX = lib.signal(true);
      const x = lib.signal(1);
      const y = lib.signal(10);
      let evals = 0;
      const c = lib.computed(() => {
        evals++;
        return lib.get(useX) ? lib.get(x) : lib.get(y);
      });
      let seen = 0;
      const dispose = effectOf(lib, () => {
        seen = lib.get(c);
      });
      lib.set(useX, false);
      expectValue(seen, 10, 'effect after the branch switch');
      const before = evals;
      lib.set(x, 2);
      const dropped = evals === before;
      lib.set(y, 11);
      expectValue(seen, 11, 'effect after a write to the new branch');
      dispose();
      return dropped;
    },
  },
  {
    key: 'batch',
    title: 'batch',
    explain: "'defers-effects': an effect over two signals written in one batch runs once, after it; 'none': once per write",
    run(lib) {
      const a = lib.signal(1);
      const b = lib.signal(1);
      const values = [];
      const dispose = effectOf(lib, () => {
        values.push(lib.get(a) + lib.get(b));
      });
      values.length = 0;
      lib.batch(() => {
        lib.set(a, 2);
        lib.set(b, 3);
      });
      dispose();
      if (values.length === 1 && values[0] === 5) return 'defers-effects';
      if (values.at(-1) !== 5) throw new Error(`after batch() the effect saw ${values.at(-1)}, not 5`);
      return values.length === 2 ? 'none' : `runs ${values.length} times`;
    },
  },
  {
    key: 'syncEffects',
    title: 'synchronous effects',
    explain: 'an effect runs when created and again before the write that dirtied it returns',
    run(lib) {
      const s = lib.signal(1);
      let seen = 0;
      const dispose = effectOf(lib, () => {
        seen = lib.get(s);
      });
      const initial = seen === 1;
      lib.set(s, 2);
      const rerun = seen === 2;
      dispose();
      return initial && rerun;
    },
  },
  {
    key: 'disposeReleases',
    title: 'dispose releases',
    explain: "after its disposer ran, writes no longer run the effect, nor the computed only it read ('effect only': that computed still runs, as eager computeds do)",
    run(lib) {
      const s = lib.signal(1);
      let evals = 0;
      const c = lib.computed(() => {
        evals++;
        return lib.get(s) + 1;
      });
      let runs = 0;
      const dispose = effectOf(lib, () => {
        runs++;
        lib.get(c);
      });
      lib.set(s, 2);
      dispose();
      const [r0, e0] = [runs, evals];
      lib.set(s, 3);
      lib.set(s, 4);
      if (runs !== r0) return 'no';
      return evals === e0 ? 'yes' : 'effect only';
    },
  },
  {
    key: 'unobservedFollowsWrites',
    title: 'unobserved follows writes',
    explain: 'a computed whose last effect was disposed, read on its own, gives the value of the latest write',
    run(lib) {
      const s = lib.signal(0);
      const c = lib.computed(() => lib.get(s) * 2);
      for (let v = 1; v < 3; v++) {
        const dispose = effectOf(lib, () => {
          lib.get(c);
        });
        dispose();
        lib.set(s, v);
        if (lib.get(c) !== 2 * v) return false;
      }
      return true;
    },
  },
  {
    key: 'cachesUnobserved',
    title: 'caches unobserved',
    explain: 'reading an unobserved computed again, with no write in between, does not re-evaluate it',
    run(lib) {
      let evals = 0;
      const s = lib.signal(1);
      const c = lib.computed(() => {
        evals++;
        return lib.get(s) + 1;
      });
      lib.get(c);
      const before = evals;
      lib.get(c);
      return evals === before;
    },
  },
  {
    key: 'unobservedOncePerWrite',
    title: 'unobserved: once per write',
    explain: 'in an unobserved graph of 12 chained diamonds, a write then one read of the end evaluates each computed at most once',
    run(lib) {
      let evals = 0;
      const s = lib.signal(1);
      let layer = [s, s];
      const all = [];
      for (let d = 0; d < 12; d++) {
        const [p, q] = layer;
        layer = [
          lib.computed(() => (evals++, lib.get(p) + lib.get(q))),
          lib.computed(() => (evals++, lib.get(p) - lib.get(q))),
        ];
        all.push(...layer);
      }
      lib.get(layer[0]);
      evals = 0;
      lib.set(s, 2);
      lib.get(layer[0]);
      return evals <= all.length;
    },
  },
];

// The contract's own checks: handles work and effects return disposers.
function checkContract(lib) {
  const s = lib.signal(5);
  expectValue(lib.get(s), 5, 'signal(5) read');
  lib.set(s, 6);
  expectValue(lib.get(s), 6, 'signal read after set(6)');
  const c = lib.computed(() => lib.get(s) * 3);
  expectValue(lib.get(c), 18, 'computed read');
  const dispose = lib.effect(() => {
    lib.get(c);
  });
  if (typeof dispose !== 'function') throw new Error(`effect() returned ${typeof dispose}, not a disposer function`);
  dispose();
  if (lib.root) {
    const r = lib.root(() => 42);
    if (!r || r.value !== 42 || typeof r.dispose !== 'function') throw new Error('root(fn) must return { value: fn(), dispose }');
    r.dispose();
  }
}

function effectOf(lib, fn) {
  const dispose = lib.effect(fn);
  if (typeof dispose !== 'function') throw new Error(`effect() returned ${typeof dispose}, not a disposer function`);
  return dispose;
}

function expectValue(got, want, what) {
  if (got !== want) throw new Error(`${what}: got ${got}, expected ${want}`);
}

/**
 * Runs the contract checks and every behaviour on `lib`: { impl, version, capabilities: {key: value},
 * failures: [one-line messages] }. Declared capabilities that contradict the measured ones fail.
 */
export function conform(lib) {
  const out = {
    impl: lib.impl,
    package: lib.package,
    version: lib.version,
    scheduler: lib.scheduler ?? 'library',
    root: typeof lib.root === 'function',
    capabilities: {},
    ...(lib.skips ? { skips: lib.skips } : {}),
    failures: [],
  };
  try {
    checkContract(lib);
  } catch (e) {
    out.failures.push(`contract: ${firstLine(e)}`);
  }
  for (const b of BEHAVIOURS) {
    try {
      out.capabilities[b.key] = b.run(lib);
    } catch (e) {
      out.capabilities[b.key] = 'error';
      out.failures.push(`${b.key}: ${firstLine(e)}`);
    }
    const declared = lib.capabilities?.[b.key];
    if (declared !== undefined && declared !== out.capabilities[b.key] && out.capabilities[b.key] !== 'error') {
      out.failures.push(`${b.key}: the adapter declares ${JSON.stringify(declared)}, the library does ${JSON.stringify(out.capabilities[b.key])}`);
    }
  }
  return out;
}

const firstLine = (e) => `${e?.message ?? e}`.split('\n')[0];

const cell = (v) => (v === true ? 'yes' : v === false ? 'no' : String(v));

export function markdown(results) {
  const lines = [
    '# What each JavaScript library does',
    '',
    'Generated by `node scripts/js-reference/conformance.mjs --markdown > docs/js-capabilities.md` from the',
    "conformance suite's measured behaviour (never edit by hand; tests/js_conformance_test.py checks it).",
    'A `no` is a difference between libraries, not a failure; scenarios that depend on a capability are',
    'skipped, with the reason, for a library without it (`scenarios.mjs`, `requires`).',
    '',
    '| library | version | ' + BEHAVIOURS.map((b) => b.title).join(' | ') + ' | effects run by | root scope |',
    '|---|---|' + BEHAVIOURS.map(() => '---|').join('') + '---|---|',
  ];
  for (const r of results) {
    lines.push(`| \`${r.impl}\` | ${r.package} ${r.version} | ` + BEHAVIOURS.map((b) => cell(r.capabilities[b.key])).join(' | ') + ` | ${r.scheduler} | ${cell(r.root)} |`);
  }
  lines.push('', ...BEHAVIOURS.map((b) => `- **${b.title}** (\`${b.key}\`): ${b.explain}.`));
  lines.push(
    "- **effects run by**: `library` when the library runs effects itself; `adapter` when it queues them (a microtask, a scheduler, a stabilize call) and the adapter runs the queue at the end of each write outside `batch()` and at the end of `batch()`.",
  );
  lines.push('- **root scope**: the adapter has `root(fn)`, an owner scope of the library that disposes what was built in it.');
  const skips = [];
  for (const r of results) {
    for (const s of scenarios) {
      const reason = skipReason(r, s, r.capabilities);
      if (reason) skips.push(`| \`${r.impl}\` | ${s.name} | ${reason} |`);
    }
  }
  lines.push('', '## Scenarios a library does not run', '');
  if (skips.length) lines.push('| library | scenario | why (the capability it lacks and what the scenario needs it for, or the adapter\'s own reason) |', '|---|---|---|', ...skips);
  else lines.push('None: every library runs every scenario.');
  lines.push('', 'Every other (library, scenario) pair runs and gives the C++ checksum (tests/js_conformance_test.py).');
  const failing = results.filter((r) => r.failures.length);
  if (failing.length) {
    lines.push('', 'Failures:', ...failing.flatMap((r) => r.failures.map((f) => `- \`${r.impl}\`: ${f}`)));
  }
  return lines.join('\n') + '\n';
}

function usage(message) {
  process.stderr.write(`conformance.mjs: ${message}\n`);
  process.exit(2);
}

async function main(argv) {
  let format = 'text';
  const adapters = [];
  let impls;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json' || a === '--markdown') format = a.slice(2);
    else if (a === '--adapter' || a === '--library') {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      if (a === '--adapter') adapters.push(v);
      else impls = v.split(',');
    } else usage(`unknown argument '${a}'`);
  }
  let libs;
  try {
    libs = await loadLibraries({ adapters, impls });
  } catch (e) {
    usage(firstLine(e));
  }
  const results = libs.map(conform);
  if (format === 'json') process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else if (format === 'markdown') process.stdout.write(markdown(results));
  else {
    for (const r of results) {
      const caps = BEHAVIOURS.map((b) => `${b.key}=${cell(r.capabilities[b.key])}`).join(' ');
      process.stdout.write(`${r.failures.length ? 'FAIL' : 'ok  '} ${r.impl} ${r.version}: ${caps}\n`);
      for (const f of r.failures) process.stdout.write(`     ${f}\n`);
    }
  }
  return results.some((r) => r.failures.length) ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
