/** @type {import('@sveltejs/vite-plugin-svelte').SvelteConfig} */
export default {
  compilerOptions: {
    // Every component uses runes; refuse legacy syntax.
    runes: true,
  },
};
