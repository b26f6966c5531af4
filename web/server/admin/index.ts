// The merchant admin's backend: the embedded page (the admin workspace's build, with App Bridge), the demo's App
// Bridge stand-in (demo mode only), and the JSON the admin pages read beyond the capabilities' own APIs. See README.md.
export { DEMO_APP_BRIDGE_PATH, DEMO_SESSION_TOKEN_PATH, mintDemoSessionToken } from './demo.js';
export { type ArmResult, compareArms, holdoutReport, normalCdf, twoProportionConfidence } from './experiments.js';
export { ADMIN_PAGES, APP_BRIDGE_CDN, adminPageRouter, appBridgeTags, DEFAULT_ADMIN_DIST, HEAD_PLACEHOLDER } from './page.js';
export { adminPagesRouter, demoRouter, HOME_PERIODS } from './routes.js';
export { type AdminService, createAdminService, type HomeReport, orderSearchQuery } from './service.js';
export { funnelTemplates, TEMPLATE_KEYS } from './templates.js';
export { explainDecision, orderTimeline, SURFACE_LABELS } from './timeline.js';
