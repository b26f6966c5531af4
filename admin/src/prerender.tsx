// Build-time prerender of Home's first state (no data yet: title, period picker, skeleton), standalone. The server
// sends it for / outside Shopify's admin frame; the browser hydrates it (main.tsx). See admin/README.md, "Speed".
import { renderToString } from 'react-dom/server';
import { App } from './App';

export function render(path: string): string {
  return renderToString(<App initialPath={path} />);
}
