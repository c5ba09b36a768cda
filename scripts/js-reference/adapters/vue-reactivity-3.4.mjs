// @vue/reactivity 3.4 (npm alias vue-reactivity-3.4; production build), beside 3.5, whose
// reactivity rewrite claimed a large memory reduction (the adapter: factories/vue-reactivity.mjs).
import lib from 'vue-reactivity-3.4/dist/reactivity.cjs.prod.js';
import { vueReactivityAdapter } from './factories/vue-reactivity.mjs';

// cellx (1000 layers of computeds, an effect on each): a write takes about 0.3 s with 3.4 here
// (100 writes in 31 s; 3.5 measures the whole scenario in 3 to 5 s), so the measurement's warm-up
// and churn writes run past the runner's 300-second limit per measurement.
export default vueReactivityAdapter(lib, {
  pkg: 'vue-reactivity-3.4',
  scheduling: true,
  skips: { cellx: 'a write on 1000 layers takes about 0.3 s in 3.4, so one measurement runs past the 5-minute limit' },
});
