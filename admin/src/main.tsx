import '@shopify/polaris/build/esm/styles.css';
import { createRoot, hydrateRoot } from 'react-dom/client';
import { App } from './App';

const root = document.getElementById('root');
// Home arrives prerendered (admin/scripts/prerender.ts): hydrate it, so its first paint needs no JavaScript.
if (root?.firstElementChild) hydrateRoot(root, <App />);
else if (root) createRoot(root).render(<App />);
