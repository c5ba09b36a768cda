// alien-signals 2.x (npm alias alien-signals-2), beside 3.x (the adapter: factories/alien-signals.mjs).
import * as lib from 'alien-signals-2';
import { alienSignalsAdapter } from './factories/alien-signals.mjs';

export default alienSignalsAdapter(lib, { pkg: 'alien-signals-2' });
