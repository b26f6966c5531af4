// Honest configuration: shopify.app.toml asks for exactly the access scopes the app's code needs, and subscribes
// only to webhook topics a handler consumes. The needs are derived, not listed by hand: every Admin API operation in
// web/ (its root fields, with the scope Shopify requires for each, from the emulator's scope table) and every
// subscribed topic (with the scope Shopify requires to subscribe to it).
import fs from 'node:fs';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicHandlers } from '../web/server/start.js';
import { APP_TOML_PATH, appTomlScopes } from './emulator/app-toml.js';
import { grants, MUTATION_SCOPES, QUERY_SCOPES, UNSCOPED_ROOT_FIELDS, WEBHOOK_TOPIC_SCOPES } from './emulator/graphql/scopes.js';
import { appTomlTopics, COMPLIANCE_TOPICS } from './emulator/webhooks.js';
import { findGraphqlDocuments } from './support/graphql-documents.js';
import { type Harness, startHarness } from './support/harness.js';

interface Need {
  /** Where the need comes from: "web/server/…/X.ts: query products" or "webhook orders/create". */
  source: string;
  /** Any one of these satisfies it. */
  anyOf: readonly string[];
}

function operationNeeds(): { needs: Need[]; unknown: string[] } {
  const needs: Need[] = [];
  const unknown: string[] = [];
  for (const doc of findGraphqlDocuments().filter((d) => d.target === 'admin' && d.file.startsWith('web'))) {
    for (const definition of parse(doc.source).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const table = definition.operation === OperationTypeNode.MUTATION ? MUTATION_SCOPES : QUERY_SCOPES;
      for (const selection of definition.selectionSet.selections) {
        if (selection.kind !== Kind.FIELD) continue;
        const field = selection.name.value;
        const source = `${doc.file}: ${definition.operation} ${field}`;
        if (UNSCOPED_ROOT_FIELDS.has(field)) continue;
        const anyOf = table[field];
        if (anyOf) needs.push({ source, anyOf });
        else unknown.push(source);
      }
    }
  }
  return { needs, unknown };
}

function topicNeeds(): { needs: Need[]; unknown: string[] } {
  const needs: Need[] = [];
  const unknown: string[] = [];
  for (const topic of appTomlTopics() ?? []) {
    const anyOf = WEBHOOK_TOPIC_SCOPES[topic];
    if (anyOf === undefined) unknown.push(topic);
    else if (anyOf.length > 0) needs.push({ source: `webhook ${topic}`, anyOf });
  }
  return { needs, unknown };
}

const requested = appTomlScopes();
const operations = operationNeeds();
const topics = topicNeeds();
const needs = [...operations.needs, ...topics.needs];

describe('access scopes in shopify.app.toml', () => {
  it('knows the scope of every root field the app calls and every topic it subscribes to', () => {
    expect(operations.needs.length).toBeGreaterThan(5);
    expect(operations.unknown, 'add these fields to test/emulator/graphql/scopes.ts with the scope Shopify documents').toEqual([]);
    expect(topics.unknown, 'add these topics to WEBHOOK_TOPIC_SCOPES').toEqual([]);
  });

  it('asks for every scope an operation or a webhook topic needs', () => {
    const granted = new Set(requested);
    const unmet = needs
      .filter((need) => !need.anyOf.some((scope) => grants(granted, scope)))
      .map((n) => `${n.source} needs ${n.anyOf.join(' or ')}`);
    expect(unmet).toEqual([]);
  });

  it('asks for no scope that nothing needs, and no read scope its write scope already grants', () => {
    const unused = requested.filter((scope) => !needs.some((need) => need.anyOf.some((wanted) => grants(new Set([scope]), wanted))));
    expect(unused, 'remove these scopes (they come back with the feature that uses them)').toEqual([]);
    const implied = requested.filter((scope) => scope.startsWith('read_') && requested.includes(`write_${scope.slice(5)}`));
    expect(implied).toEqual([]);
  });

  it('says in the toml why each scope is asked for', () => {
    const comments = fs
      .readFileSync(APP_TOML_PATH, 'utf8')
      .split('\n')
      .filter((line) => line.trimStart().startsWith('#'))
      .join('\n');
    for (const scope of requested) expect(comments, scope).toMatch(new RegExp(`#\\s+${scope}\\s+-\\s+\\S`));
  });
});

describe('webhook topics in shopify.app.toml', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ runWorker: false });
  });
  afterAll(async () => h?.close());

  it('subscribes only to topics a handler consumes, and to every topic a handler exists for', () => {
    const handled = Object.keys(topicHandlers(h.server.ctx)).sort();
    const subscribed = (appTomlTopics() ?? []).sort();
    expect(subscribed).toEqual(handled);
    for (const topic of COMPLIANCE_TOPICS) expect(handled).toContain(topic);
  });
});
