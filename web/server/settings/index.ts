// The shop's engine settings: a cached store for hot paths and the admin routes.

export { settingsRouter } from './routes.js';
export { createSettingsStore, DEFAULT_SETTINGS_TTL_MS, type SettingsStore, type SettingsStoreDeps } from './service.js';
