// Test support: the admin in a real browser. Debian's Chromium (/usr/bin/chromium, installed by .ci/run) driven by
// playwright-core, which never downloads a browser of its own. Nothing here is mocked but Shopify's CDN: the page
// asks for App Bridge from cdn.shopify.com exactly as in production, and the test answers that one URL with a small
// App Bridge whose idToken() returns session tokens the emulator signs as Shopify does (these machines cannot reach
// the CDN; the demo has its own stand-in, served by the backend in demo mode only).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Frame, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.ENCORE_CHROMIUM ?? '/usr/bin/chromium';
const APP_BRIDGE_CDN = 'https://cdn.shopify.com/shopifycloud/app-bridge.js';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's (apt-get install -y chromium), as .ci/run does.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** What the CDN's App Bridge gives the page here: `shopify.idToken()` with tokens from the test, and no picker. */
const APP_BRIDGE_DOUBLE = `window.shopify = {
  config: { apiKey: document.querySelector('meta[name="shopify-api-key"]').getAttribute('content') },
  environment: { embedded: false, mobile: false, pos: false },
  idToken: function () { return window.__encoreSessionToken(); }
};`;

/** A page whose every request to Shopify's CDN App Bridge gets the double; errors in the page are collected. */
export async function adminPage(
  browser: Browser,
  sessionToken: () => string,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // React reports hydration mismatches and failed prop types on the console.
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.exposeFunction('__encoreSessionToken', sessionToken);
  await page.route(APP_BRIDGE_CDN, (route) => route.fulfill({ contentType: 'application/javascript', body: APP_BRIDGE_DOUBLE }));
  return { page, errors };
}

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page (or frame) as it is now (WCAG 2.x A/AA rules and best practices). */
export async function seriousAxeViolations(page: Page | Frame): Promise<AxeFinding[]> {
  await page.addScriptTag({ content: axeSource });
  // Evaluated in the page (the repository's TypeScript has no DOM types): axe's violations, reduced to what a failure names.
  const violations = (await page.evaluate(`axe.run(document).then((result) => result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => JSON.stringify(n.target)),
  })))`)) as AxeFinding[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The page's largest contentful paint so far, in ms from navigation start (the browser's own LCP entries). */
export async function largestContentfulPaint(page: Page): Promise<{ ms: number; element: string }> {
  return (await page.evaluate(`new Promise((resolve) => {
    new PerformanceObserver((list) => {
      const entries = list.getEntries();
      const last = entries[entries.length - 1];
      resolve({ ms: last ? last.startTime : Number.NaN, element: last && last.element ? last.element.outerHTML.slice(0, 120) : '' });
    }).observe({ type: 'largest-contentful-paint', buffered: true });
  })`)) as { ms: number; element: string };
}
