// Engine `deno`: Deno 2 from the npm package `deno` (its binary ships in @deno/linux-x64-glibc),
// V8 newer than Node 20's, built without pointer compression. Deno has node:v8, so a measurement
// is runner.mjs's child under Deno with engines/node.mjs's snapshots and the same V8 flags. Steady
// churn is not measured there (engines/node.mjs says why).
import { packagedBinary, versionText } from './binaries.mjs';
import { V8_FLAGS, snapshotOnlyHost } from './node.mjs';

const binary = () => packagedBinary(['deno/deno', '@deno/linux-x64-glibc/deno']);

export default {
  name: 'deno',
  vm: 'V8',
  snapshotFormat: 'v8',
  // Per object: byte-identical in three processes (tests/js_engines_test.py checks it).
  inexact: { perObject: null, scenarios: 'setup retained and residual come from snapshots calibrated as in node, not yet checked to repeat byte for byte across processes in this engine' },
  available: () =>
    binary() ? null : 'deno is not installed: run ./scripts/js-deps.sh (npm ci installs the pinned `deno` package)',
  command: (runner) => [binary(), 'run', '--allow-all', '--quiet', `--v8-flags=${V8_FLAGS.join(',')}`, runner],
  host: () => snapshotOnlyHost,
  meta() {
    const text = versionText(binary());
    const version = /deno (\S+)/.exec(text)?.[1] ?? 'unknown';
    const v8 = /v8 (\S+)/.exec(text)?.[1] ?? 'unknown';
    return { version, v8, pointer_compression: false, arch: process.arch, flags: V8_FLAGS.join(' ') };
  },
  describe: (e) => `deno ${e.version}, V8 ${e.v8}, pointer compression ${e.pointer_compression ? 'on' : 'off'}`,
};
