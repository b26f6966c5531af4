// Entry of the post-purchase extension (the CLI bundles src/index.tsx): registers both extension points.
import { extend, render } from '@shopify/post-purchase-ui-extensions-react';
import { backendUrl } from './backend-url.js';
import { FunnelPage } from './components/FunnelPage.js';
import { SHOULD_RENDER_TIMEOUT_MS, shouldRender } from './should-render.js';

extend('Checkout::PostPurchase::ShouldRender', (api) =>
  shouldRender(api, { backendUrl: backendUrl(), timeoutMs: SHOULD_RENDER_TIMEOUT_MS }),
);

render('Checkout::PostPurchase::Render', (input) => <FunnelPage input={input} />);
