// alien-signals 3.x (the adapter itself: factories/alien-signals.mjs).
import * as lib from 'alien-signals';
import { alienSignalsAdapter } from './factories/alien-signals.mjs';

export default alienSignalsAdapter(lib, { pkg: 'alien-signals' });
