// @preact/signals-core, the current version (the adapter itself: factories/preact-signals-core.mjs).
import * as lib from '@preact/signals-core';
import { preactSignalsCoreAdapter } from './factories/preact-signals-core.mjs';

export default preactSignalsCoreAdapter(lib, { pkg: '@preact/signals-core' });
