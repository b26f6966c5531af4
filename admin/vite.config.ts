// The admin's build. React 18 lives in this workspace while the repository root (and the post-purchase extension)
// keep React 17: packages npm hoisted to the root (polaris-icons, polaris-viz-core, @react-spring/*) would otherwise
// import the root's React 17, and two Reacts in one bundle render a blank page. `dedupe` makes every import of
// react / react-dom resolve to this workspace's copy.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: { dedupe: ['react', 'react-dom'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The size test reads the manifest to find what the first page load fetches.
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
  },
});
