// @vue/reactivity 3.4 (npm alias vue-reactivity-3.4; production build), beside 3.5, whose
// reactivity rewrite claimed a large memory reduction (the adapter: factories/vue-reactivity.mjs).
import lib from 'vue-reactivity-3.4/dist/reactivity.cjs.prod.js';
import { vueReactivityAdapter } from './factories/vue-reactivity.mjs';

export default vueReactivityAdapter(lib, { pkg: 'vue-reactivity-3.4', scheduling: true });
