// The shop's engine settings: a cached store for hot paths and the admin routes.
export { createSettingsStore, DEFAULT_SETTINGS_TTL_MS, type SettingsStore, type SettingsStoreDeps } from './service.js';
export { settingsRouter } from './routes.js';
