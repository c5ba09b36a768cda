// Reading JavaScriptCore heap snapshots (Bun.generateHeapSnapshot(), "Inspector" format) in the
// measuring process once its last snapshot is written, into the shape heap-snapshot.mjs gives V8's
// (readSnapshot's ids and groupsNewSince), so newSince / differenceOf / breakdownOf work on both. A node is [id, size, class
// name index, flags]; type is 'internal' for a cell JSC flags as internal, else 'object'.
import { readFileSync } from 'node:fs';
import { groupTable, idSet } from './heap-snapshot.mjs';

// Classes that are not the graph's: code (executables, code blocks, their unlinked forms) and object
// shape (structures, their property tables), made as functions warm up and shared by every graph.
const EXCLUDED = /Executable$|CodeBlock$|^Structure|^PropertyTable$|^SymbolTable$|^JSSourceCode$/;
const INTERNAL_FLAG = 1;

export function readJscSnapshot(path) {
  const snap = JSON.parse(readFileSync(path, 'utf8'));
  const width = 4;
  const { nodes, nodeClassNames } = snap;
  const ids = idSet(nodes.filter((_, k) => k % width === 0));
  return {
    ids,
    groupsNewSince(before) {
      const groups = groupTable();
      for (let k = 0; k < nodes.length; k += width) {
        const name = nodeClassNames[nodes[k + 2]];
        if (EXCLUDED.test(name) || before.ids.has(nodes[k])) continue;
        groups.add(groups.of(nodes[k + 3] & INTERNAL_FLAG ? 'internal' : 'object', name), nodes[k + 1]);
      }
      return groups.result();
    },
  };
}
