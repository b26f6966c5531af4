// Several capabilities may consume one topic (orders/create feeds customer profiles and email offers): their
// handlers are run one after the other for each delivery, in the order given, instead of one map entry
// overwriting another. A failing handler fails the delivery and the job retries all of them, so each must be
// idempotent (they are required to be anyway: the queue delivers at least once).
import type { TopicHandler, TopicHandlers } from './process.js';

export function composeTopicHandlers(...maps: TopicHandlers[]): TopicHandlers {
  const byTopic = new Map<string, TopicHandler[]>();
  for (const map of maps) {
    for (const [topic, handler] of Object.entries(map)) {
      if (!handler) continue;
      byTopic.set(topic, [...(byTopic.get(topic) ?? []), handler]);
    }
  }
  const composed: Record<string, TopicHandler> = {};
  for (const [topic, handlers] of byTopic) {
    composed[topic] =
      handlers.length === 1
        ? handlers[0]!
        : async (event, log) => {
            for (const handler of handlers) await handler(event, log);
          };
  }
  return composed;
}
