// Loading, error and empty states, the Polaris way: skeletons while loading, a critical banner with a retry on
// error, an EmptyState when there is nothing yet.
import { Banner, BlockStack, Box, Button, Card, SkeletonBodyText, SkeletonDisplayText, Text } from '@shopify/polaris';
import type { ReactNode } from 'react';
import { ApiError } from '../api';

export function LoadingCard({ lines = 4 }: { lines?: number }) {
  return (
    <Card>
      <BlockStack gap="300">
        <SkeletonDisplayText size="small" />
        <SkeletonBodyText lines={lines} />
      </BlockStack>
    </Card>
  );
}

export function ErrorBanner({ error, onRetry, title }: { error: Error; onRetry?: () => void; title?: string }) {
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <Banner
      tone="critical"
      title={title ?? 'Something went wrong'}
      {...(onRetry ? { action: { content: 'Try again', onAction: onRetry } } : {})}
    >
      <BlockStack gap="100">
        <Text as="p">{error.message}</Text>
        {problems.length > 0 ? (
          <ul>
            {problems.map((p) => (
              <li key={`${p.field}:${p.message}`}>
                {p.field ? <code>{p.field}</code> : null} {p.message}
              </li>
            ))}
          </ul>
        ) : null}
      </BlockStack>
    </Banner>
  );
}

export function Empty({
  heading,
  children,
  action,
}: {
  heading: string;
  children: ReactNode;
  action?: { content: string; onAction(): void };
}) {
  return (
    <Card>
      <Box padding="600">
        <BlockStack gap="300" inlineAlign="center">
          <Text as="h2" variant="headingMd" alignment="center">
            {heading}
          </Text>
          <Text as="p" tone="subdued" alignment="center">
            {children}
          </Text>
          {action ? (
            <Button variant="primary" onClick={action.onAction}>
              {action.content}
            </Button>
          ) : null}
        </BlockStack>
      </Box>
    </Card>
  );
}
