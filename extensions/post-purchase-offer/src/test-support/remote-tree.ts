// Reads the component tree a remote-ui extension sends over its channel, as the checkout host would receive it.
import { createRemoteReceiver, KIND_TEXT, type RemoteReceiver } from '@remote-ui/core';
import { vi } from 'vitest';

export interface RemoteNode {
  kind: number;
  type?: string;
  props?: Record<string, unknown>;
  text?: string;
  children?: RemoteNode[];
}

export function createHost(): RemoteReceiver {
  return createRemoteReceiver();
}

export function rootOf(receiver: RemoteReceiver): RemoteNode {
  return receiver.attached.root as unknown as RemoteNode;
}

export function textOf(node: RemoteNode): string {
  if (node.kind === KIND_TEXT) return node.text ?? '';
  return (node.children ?? []).map(textOf).join('');
}

export function findAll(node: RemoteNode, type: string): RemoteNode[] {
  const own = node.type === type ? [node] : [];
  return own.concat(...(node.children ?? []).map((child) => findAll(child, type)));
}

/** The texts of every component of `type`, in tree order. */
export function textsOf(node: RemoteNode, type: string): string[] {
  return findAll(node, type).map(textOf);
}

export function buttonNamed(
  node: RemoteNode,
  label: string,
): RemoteNode & { props: { onPress: () => unknown; loading?: boolean; disabled?: boolean } } {
  const button = findAll(node, 'Button').find((candidate) => textOf(candidate) === label);
  if (!button) throw new Error(`no Button "${label}" among ${JSON.stringify(textsOf(node, 'Button'))}`);
  return button as ReturnType<typeof buttonNamed>;
}

/** Retries `check` until it passes: renders and HTTP round trips settle asynchronously. Generous for busy CI machines. */
export function eventually<T>(check: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(check, { timeout: 5_000, interval: 20 });
}

/** The Select labelled `label`; its onChange is callable as the host would call it. */
export function selectLabeled(
  node: RemoteNode,
  label: string,
): RemoteNode & { props: { value?: string; options: Array<{ value: string; label: string }>; onChange: (value: string) => void } } {
  const select = findAll(node, 'Select').find((candidate) => candidate.props?.label === label);
  if (!select) throw new Error(`no Select "${label}" among ${JSON.stringify(findAll(node, 'Select').map((s) => s.props?.label))}`);
  return select as ReturnType<typeof selectLabeled>;
}
