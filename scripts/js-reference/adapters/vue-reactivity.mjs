// @vue/reactivity 3.5, production build (the adapter itself: factories/vue-reactivity.mjs). Vue's
// package picks a development build in Node unless NODE_ENV=production: import the shipped file.
import lib from '@vue/reactivity/dist/reactivity.cjs.prod.js';
import { vueReactivityAdapter } from './factories/vue-reactivity.mjs';

export default vueReactivityAdapter(lib, { pkg: '@vue/reactivity', scheduling: false });
