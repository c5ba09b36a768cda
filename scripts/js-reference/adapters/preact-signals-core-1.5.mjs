// @preact/signals-core, an older 1.x (npm alias preact-signals-core-1.5), beside the current one
// (the adapter: factories/preact-signals-core.mjs).
import * as lib from 'preact-signals-core-1.5';
import { preactSignalsCoreAdapter } from './factories/preact-signals-core.mjs';

export default preactSignalsCoreAdapter(lib, { pkg: 'preact-signals-core-1.5' });
