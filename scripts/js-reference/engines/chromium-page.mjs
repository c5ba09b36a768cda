// Inside the Chromium page (engines/chromium.mjs serves it): measure.mjs's host, and the entry the
// driver calls, sigheapMeasure(task). A snapshot runs full GCs (the page has gc(): --expose-gc),
// then pauses the page on a `debugger` statement; while it is paused the driver takes the heap
// snapshot over the DevTools protocol and resumes it, so to measure.mjs a snapshot is as
// synchronous as node:v8's.
import { buildIn } from '../build-in.mjs';
import { measureObjects, measureScenario } from '../measure.mjs';
import { findScenario } from '../scenarios.mjs';

const pageHost = {
  // The driver numbers the snapshots itself; the path only has to be one flat string per snapshot.
  snapshotPath: (dir, k) => `${dir}/${String(k).padStart(2, '0')}.heapsnapshot`,
  snapshot() {
    for (let i = 0; i < 3; i++) globalThis.gc();
    // eslint-disable-next-line no-debugger
    debugger;
  },
  step: (fn) =>
    new Promise((resolve) =>
      setTimeout(() => {
        fn();
        resolve();
      }, 0),
    ),
  nowNs: () => performance.now() * 1e6,
};

globalThis.sigheapMeasure = async (task) => {
  const lib = { ...(await import(task.adapterUrl)).default, impl: task.impl };
  const out =
    task.type === 'object'
      ? measureObjects(pageHost, lib, buildIn, task)
      : await measureScenario(pageHost, lib, buildIn, findScenario(task.scenario), task);
  return JSON.stringify(out);
};
