// The one Admin API version Encore speaks. shopify.app.toml's [webhooks] api_version, the extensions'
// api_version and the emulator's schema all use this value; a test keeps them in step.
import { ApiVersion } from '@shopify/shopify-api';

export const ADMIN_API_VERSION = ApiVersion.July26;
