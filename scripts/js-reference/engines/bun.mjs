// Engine `bun`: Bun from the npm package `bun` (its binary ships in @oven/bun-linux-x64), which is
// JavaScriptCore: 8-byte JSValues, no pointer compression, and no allocation sampler. A measurement
// is runner.mjs's child under Bun; its host takes JavaScriptCore heap snapshots
// (Bun.generateHeapSnapshot(), read by jsc-snapshot.mjs) after full collections. Without a sampler
// a scenario's steady churn is not measured (absent from its result).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packagedBinary, versionText } from './binaries.mjs';

const binary = () => packagedBinary(['bun/bin/bun.exe', '@oven/bun-linux-x64/bin/bun']);

const bunHost = {
  snapshotPath: (dir, k) => Buffer.from(join(dir, `${String(k).padStart(2, '0')}.heapsnapshot`)).toString(),
  snapshot(path) {
    for (let i = 0; i < 3; i++) Bun.gc(true);
    writeFileSync(path, JSON.stringify(Bun.generateHeapSnapshot()));
    // The snapshot object and its text are garbage now; collect them before the measurement goes on.
    Bun.gc(true);
  },
  step: (fn) =>
    new Promise((resolve) =>
      setImmediate(() => {
        fn();
        resolve();
      }),
    ),
  nowNs: () => Bun.nanoseconds(),
};

export default {
  name: 'bun',
  vm: 'JavaScriptCore',
  snapshotFormat: 'jsc',
  // Measured: signal and computed repeat, edge and effect differ between processes by a few bytes
  // per object (JavaScriptCore scans the stack conservatively, so a varying few objects survive).
  inexact: {
    perObject: 'JavaScriptCore heap snapshots differ between processes for some kinds: median of 3 processes, with min and max',
    scenarios: 'JavaScriptCore heap snapshots differ between processes',
  },
  available: () =>
    binary() ? null : 'bun is not installed: run ./scripts/js-deps.sh (npm ci installs the pinned `bun` package)',
  command: (runner) => [binary(), 'run', runner],
  host: () => bunHost,
  meta: () => ({
    version: versionText(binary()).trim(),
    vm: 'JavaScriptCore',
    pointer_compression: false,
    arch: process.arch,
  }),
  describe: (e) => `bun ${e.version}, JavaScriptCore, pointer compression off`,
};
