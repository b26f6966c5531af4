// What the repository's shopify.app.toml asks for. With Shopify-managed installation a shop grants exactly the
// scopes of the app's configuration, so the app's own tests and the demo run with these and nothing more.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const APP_TOML_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../shopify.app.toml');

/** `[access_scopes] scopes`, split. */
export function appTomlScopes(): string[] {
  const text = fs.readFileSync(APP_TOML_PATH, 'utf8');
  const scopes = /^\s*scopes\s*=\s*"([^"]*)"/m.exec(text)?.[1];
  if (scopes === undefined) throw new Error(`no [access_scopes] scopes in ${APP_TOML_PATH}`);
  return scopes
    .split(',')
    .map((scope) => scope.trim())
    .filter(Boolean);
}
