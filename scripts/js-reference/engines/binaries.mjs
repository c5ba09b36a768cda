// Where the npm packages pinned in package.json put an engine's binary: the package's own bin (after
// its postinstall step) or the platform package inside it. No download: a missing binary is a
// one-line reason naming the fix.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const MODULES = fileURLToPath(new URL('../node_modules/', import.meta.url));

export function packagedBinary(candidates) {
  return candidates.map((c) => MODULES + c).find((p) => existsSync(p)) ?? null;
}

// What `BIN --version` prints, memoised per binary (engine metadata is asked for more than once).
const versions = new Map();
export function versionText(bin) {
  if (!versions.has(bin)) versions.set(bin, execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 }));
  return versions.get(bin);
}
