// Engine `chromium`: Debian's /usr/bin/chromium (V8 with pointer compression: 4-byte tagged fields),
// headless, driven over the DevTools protocol by puppeteer-core (pinned in package.json; it
// downloads no browser). Each measurement is one browser launch: a loopback HTTP server serves this
// folder's modules and the adapters, an import map resolves the libraries' bare imports to
// node_modules, and engines/chromium-page.mjs runs measure.mjs in the page. Its snapshots come
// from HeapProfiler.takeHeapSnapshot (chunks written to the task's folder) while the page is paused
// after full GCs, so Chromium's figures are the same kind as Node's: exact, V8-format
// snapshots read by heap-snapshot.mjs. No sampler runs in the page: steady churn is not measured.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
const HERE = fileURLToPath(new URL('..', import.meta.url));
const MODULES = join(HERE, 'node_modules');
// V8 flags of the renderer, as for node (engines/node.mjs): no concurrent threads, no bytecode
// flushing, so every launch does the same work at the same points.
const JS_FLAGS = ['--expose-gc', '--single-threaded', '--no-flush-bytecode'];
const TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.cjs': 'text/javascript', '.json': 'application/json', '.html': 'text/html' };

let puppeteer = null;
async function loadPuppeteer() {
  puppeteer ??= (await import('puppeteer-core')).default;
  return puppeteer;
}

// Bare specifier -> URL for every installed package (and `pkg/` for its files), resolved as Node
// resolves it from this folder ("import" condition): the libraries' own imports then work too.
function importMap() {
  const imports = {};
  const names = [];
  for (const d of readdirSync(MODULES)) {
    if (d.startsWith('.')) continue;
    if (d.startsWith('@')) for (const s of readdirSync(join(MODULES, d))) names.push(`${d}/${s}`);
    else names.push(d);
  }
  for (const name of names) {
    imports[`${name}/`] = pathToFileURL(join(MODULES, name)).pathname + '/';
    try {
      imports[name] = new URL(import.meta.resolve(name)).pathname;
    } catch {
      // No entry point for ESM (a binary-only or types-only package): only its files are mapped.
    }
  }
  return { imports };
}

// Serves files by their absolute path (loopback only, GET only), and the page at '/'.
function serve(page) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
      return;
    }
    if (!existsSync(path) || !statSync(path).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function pageHtml() {
  const entry = pathToFileURL(join(HERE, 'engines', 'chromium-page.mjs')).pathname;
  return `<!doctype html><meta charset="utf-8"><title>sigheap</title>
<script type="importmap">${JSON.stringify(importMap())}</script>
<script type="module">import ${JSON.stringify(entry)}; document.title = 'ready';</script>`;
}

// Every `debugger` pause of the page is one snapshot (the page has run its full GCs; the protocol's
// collectGarbage does not answer while paused): its chunks into dir/NN.heapsnapshot, numbered as
// measure.mjs numbers them, then resume.
function snapshotOnPause(cdp, dir, failures) {
  let k = 0;
  cdp.on('Debugger.paused', async () => {
    try {
      const chunks = [];
      const onChunk = ({ chunk }) => chunks.push(chunk);
      cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
      await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
      cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
      writeFileSync(join(dir, `${String(k++).padStart(2, '0')}.heapsnapshot`), chunks.join(''));
    } catch (e) {
      failures.push(e.message);
    } finally {
      await cdp.send('Debugger.resume').catch(() => {});
    }
  });
}

// One measurement in a fresh browser: { ok, value } with the page's summary, or { ok: false, error }.
async function runTask(task, lib, timeoutMs) {
  const server = await serve(pageHtml());
  let browser = null;
  try {
    const pptr = await loadPuppeteer();
    browser = await pptr.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-extensions', `--js-flags=${JS_FLAGS.join(' ')}`],
      protocolTimeout: timeoutMs,
    });
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.title === 'ready' || typeof globalThis.sigheapMeasure === 'function', {
      timeout: 30_000,
    });
    const cdp = await page.createCDPSession();
    await cdp.send('HeapProfiler.enable');
    await cdp.send('Debugger.enable');
    const failures = [];
    snapshotOnPause(cdp, task.dir, failures);
    const pageTask = { ...task, adapterUrl: pathToFileURL(lib.file).pathname };
    const text = await page.evaluate((t) => globalThis.sigheapMeasure(t), pageTask);
    if (failures.length || errors.length) return { ok: false, error: `chromium: ${[...failures, ...errors][0]}` };
    const value = JSON.parse(text);
    // The page named its snapshots by its own dir string; the files are where the driver wrote them.
    value.snapshots = value.snapshots.map((_, k) => join(task.dir, `${String(k).padStart(2, '0')}.heapsnapshot`));
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: `chromium: ${String(e.message).split('\n')[0]}` };
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.close();
  }
}

function version() {
  const text = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'ignore'] });
  return /Chromium (\S+)/.exec(text)?.[1] ?? text.trim();
}

export default {
  name: 'chromium',
  vm: 'V8',
  snapshotFormat: 'v8',
  // Per object: byte-identical across three launches (tests/js_engines_test.py checks it).
  inexact: { perObject: null, scenarios: 'setup retained and residual come from snapshots calibrated as in node, not yet checked to repeat byte for byte across processes in this engine' },
  available() {
    if (!existsSync(CHROMIUM)) return `${CHROMIUM} is missing: install it with ./scripts/install-deps.sh --with-chromium`;
    if (!existsSync(join(MODULES, 'puppeteer-core'))) return 'puppeteer-core is not installed: run ./scripts/js-deps.sh';
    return null;
  },
  runTask,
  meta: () => ({
    version: version(),
    pointer_compression: true,
    arch: process.arch,
    flags: JS_FLAGS.join(' '),
  }),
  describe: (e) => `chromium ${e.version}, V8, pointer compression ${e.pointer_compression ? 'on' : 'off'}`,
};

