// shopify.app.toml, the extensions' tomls, the server's API version constant and the real schema agree.
import fs from 'node:fs';
import path from 'node:path';
import { isEnumType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../web/server/config.js';
import { ADMIN_API_VERSION } from '../web/server/shopify/api-version.js';
import { ensureSchemas, loadSchema } from './emulator/schema/fetch.js';

const root = path.resolve(import.meta.dirname, '..');
const appToml = fs.readFileSync(path.join(root, 'shopify.app.toml'), 'utf8');

function tomlString(text: string, key: string): string | undefined {
  return new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, 'm').exec(text)?.[1];
}

function subscribedTopics(): string[] {
  return [...appToml.matchAll(/^\s*topics\s*=\s*\[([^\]]*)\]/gm)].flatMap((m) =>
    [...(m[1] ?? '').matchAll(/"([^"]+)"/g)].map((t) => t[1] as string),
  );
}

beforeAll(async () => {
  await ensureSchemas();
});

describe('app configuration', () => {
  it('webhooks use the same API version as the server', () => {
    expect(tomlString(appToml, 'api_version')).toBe(ADMIN_API_VERSION);
  });

  it.each(['checkout-upsell', 'order-timeline'])('the %s extension targets the same API version', (directory) => {
    const ext = fs.readFileSync(path.join(root, 'extensions', directory, 'shopify.extension.toml'), 'utf8');
    expect(tomlString(ext, 'api_version')).toBe(ADMIN_API_VERSION);
  });

  it('subscribes only to real topics of the schema (which ones: test/app-scopes.test.ts)', () => {
    const topics = subscribedTopics();
    expect(topics.length).toBeGreaterThan(0);
    const topicEnum = loadSchema('admin').getType('WebhookSubscriptionTopic');
    if (!isEnumType(topicEnum)) throw new Error('WebhookSubscriptionTopic is not an enum');
    const known = new Set(topicEnum.getValues().map((v) => v.name));
    for (const topic of topics) expect(known, topic).toContain(topic.toUpperCase().replace(/\//g, '_'));
  });

  it('subscribes to the three compliance topics', () => {
    expect(appToml).toMatch(/compliance_topics\s*=\s*\["customers\/data_request",\s*"customers\/redact",\s*"shop\/redact"\]/);
  });

  it('requests the scopes the server expects by default', () => {
    const tomlScopes = (tomlString(appToml, 'scopes') ?? '').split(',').sort();
    const serverScopes = loadConfig({ ENCORE_DEMO: '1' }).scopes.slice().sort();
    expect(tomlScopes).toEqual(serverScopes);
  });
});
