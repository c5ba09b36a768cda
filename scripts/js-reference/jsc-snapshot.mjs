// Reading JavaScriptCore heap snapshots (Bun.generateHeapSnapshot(), "Inspector" format) in the
// runner's parent process, into the shape heap-snapshot.mjs gives V8's: { ids, nodes: [{type, name,
// id, size}] }, so newSince / differenceOf / breakdownOf work on both. A node is [id, size, class
// name index, flags]; type is 'internal' for a cell JSC flags as internal, else 'object'.
import { readFileSync } from 'node:fs';

// Classes that are not the graph's: code (executables, code blocks, their unlinked forms) and object
// shape (structures, their property tables), made as functions warm up and shared by every graph.
const EXCLUDED = /Executable$|CodeBlock$|^Structure|^PropertyTable$|^SymbolTable$|^JSSourceCode$/;
const INTERNAL_FLAG = 1;

export function readJscSnapshot(path) {
  const snap = JSON.parse(readFileSync(path, 'utf8'));
  const width = 4;
  const { nodes, nodeClassNames } = snap;
  const ids = new Set();
  const countable = [];
  for (let k = 0; k < nodes.length; k += width) {
    const id = nodes[k];
    ids.add(id);
    const name = nodeClassNames[nodes[k + 2]];
    if (EXCLUDED.test(name)) continue;
    const type = nodes[k + 3] & INTERNAL_FLAG ? 'internal' : 'object';
    countable.push({ type, name, id, size: nodes[k + 1] });
  }
  return { ids, nodes: countable };
}
