// Picking a product: App Bridge's resource picker inside Shopify's admin; outside it (the demo, a plain browser),
// a search over the shop's catalog as Encore caches it (GET /api/admin/catalog/products).
import { BlockStack, Button, Modal, ResourceItem, ResourceList, Text, TextField } from '@shopify/polaris';
import { useCallback, useState } from 'react';
import { isEmbedded } from '../router';
import type { ProductHit } from '../types';
import { useApi } from '../use-api';
import { ErrorBanner } from './states';

export interface PickedProduct {
  id: string;
  title: string;
}

function CatalogModal({ onPick, onClose }: { onPick(product: PickedProduct): void; onClose(): void }) {
  const [query, setQuery] = useState('');
  const { data, error, loading, reload } = useApi<{ products: ProductHit[]; catalogReady: boolean }>(
    `/catalog/products?limit=20&query=${encodeURIComponent(query)}`,
  );
  return (
    <Modal open onClose={onClose} title="Pick a product">
      <Modal.Section>
        <BlockStack gap="300">
          <TextField
            label="Search products"
            value={query}
            onChange={setQuery}
            autoComplete="off"
            clearButton
            onClearButtonClick={() => setQuery('')}
          />
          {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
          {data && !data.catalogReady ? (
            <Text as="p" tone="subdued">
              The catalog is still loading from Shopify; try again in a moment.
            </Text>
          ) : null}
          <ResourceList
            resourceName={{ singular: 'product', plural: 'products' }}
            items={data?.products ?? []}
            loading={loading}
            renderItem={(product) => (
              <ResourceItem
                id={product.id}
                onClick={() => onPick({ id: product.id, title: product.title })}
                accessibilityLabel={`Pick ${product.title}`}
              >
                <Text as="span" fontWeight="semibold">
                  {product.title}
                </Text>{' '}
                <Text as="span" tone="subdued">
                  {product.variants.length} variant{product.variants.length === 1 ? '' : 's'}
                  {product.status !== 'active' ? ` · ${product.status}` : ''}
                </Text>
              </ResourceItem>
            )}
          />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

/** A button that picks a product and reports it. */
export function ProductButton({ label, onPick }: { label: string; onPick(product: PickedProduct): void }) {
  const [open, setOpen] = useState(false);
  const pick = useCallback(async () => {
    if (isEmbedded() && typeof shopify !== 'undefined' && typeof shopify.resourcePicker === 'function') {
      const selection = await shopify.resourcePicker({ type: 'product', action: 'select', multiple: false });
      const product = selection?.[0];
      if (product) onPick({ id: product.id, title: product.title });
      return;
    }
    setOpen(true);
  }, [onPick]);
  return (
    <>
      <Button onClick={() => void pick()}>{label}</Button>
      {open ? (
        <CatalogModal
          onClose={() => setOpen(false)}
          onPick={(product) => {
            setOpen(false);
            onPick(product);
          }}
        />
      ) : null}
    </>
  );
}
