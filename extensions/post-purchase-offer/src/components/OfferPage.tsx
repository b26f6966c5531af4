import {
  Banner,
  BlockStack,
  Button,
  Heading,
  Image,
  Layout,
  Separator,
  Text,
  TextBlock,
  TextContainer,
  Tiles,
  type PostPurchaseRenderApi,
} from '@shopify/post-purchase-ui-extensions-react';
import { useEffect, useState } from 'react';
import { signOffer } from '../api.js';
import { backendUrl } from '../backend-url.js';
import { fill, formatMoney, messagesFor } from '../i18n.js';
import { readStoredOffer, type Money, type PostPurchaseOffer } from '../offer.js';

export const SIGN_TIMEOUT_MS = 10_000;

type Summary = { subtotal: Money; shipping: Money; taxes: Money; total: Money };
type Calculation = { status: 'pending' } | { status: 'ready'; summary: Summary | null } | { status: 'unavailable' };

/** The offer page: what ShouldRender stored, Shopify's price summary, accept and decline. */
export function OfferPage({ input }: { input: PostPurchaseRenderApi }) {
  const offer = readStoredOffer(input.storage.initialData);
  const locale = input.inputData.locale;
  const t = messagesFor(locale);
  const money = (value: Money) => formatMoney(value, locale);

  const calculation = usePriceSummary(input, offer);
  const [accepting, setAccepting] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    // ShouldRender only answers `render: true` with an offer stored; anything else means there is nothing to show.
    if (!offer) void input.done();
  }, [offer === null]);

  if (!offer) return null;
  const available = calculation.status !== 'unavailable';
  const total = calculation.status === 'ready' && calculation.summary ? calculation.summary.total : offer.price;

  async function accept() {
    if (!offer) return;
    setAccepting(true);
    setFailed(false);
    const token = await signOffer(
      { referenceId: input.inputData.initialPurchase.referenceId, offerId: offer.offerId },
      input.inputData.token,
      { backendUrl: backendUrl(), timeoutMs: SIGN_TIMEOUT_MS },
    );
    const result = token ? await input.applyChangeset(token).catch(() => null) : null;
    // partially_processed: Shopify edited the order but the payment needs attention; it tells the buyer itself.
    if (result && result.status !== 'unprocessed') {
      await input.done();
      return;
    }
    setAccepting(false);
    setFailed(true);
  }

  const compareAt = offer.compareAtPrice && Number(offer.compareAtPrice.amount) > Number(offer.price.amount) ? offer.compareAtPrice : null;

  return (
    <Layout
      media={[
        { viewportSize: 'small', sizes: [1, 30, 1] },
        { viewportSize: 'medium', sizes: [300, 30, 0.5] },
        { viewportSize: 'large', sizes: [400, 30, 0.33] },
      ]}
    >
      {offer.image ? <Image source={offer.image.url} description={offer.image.alt} /> : <BlockStack />}
      <BlockStack />
      <BlockStack spacing="loose">
        <TextContainer>
          <Heading>{offer.title}</Heading>
          <BlockStack spacing="xtight">
            <Text size="large" emphasized>
              {money(offer.price)}
            </Text>
            {compareAt && (
              <Text role="deletion" subdued>
                {money(compareAt)}
              </Text>
            )}
          </BlockStack>
          {offer.description && <TextBlock subdued>{offer.description}</TextBlock>}
        </TextContainer>
        {calculation.status === 'ready' && calculation.summary && (
          <BlockStack spacing="tight">
            <Separator />
            <SummaryRow label={t.subtotal} value={money(calculation.summary.subtotal)} />
            <SummaryRow label={t.shipping} value={Number(calculation.summary.shipping.amount) === 0 ? t.free : money(calculation.summary.shipping)} />
            <SummaryRow label={t.taxes} value={money(calculation.summary.taxes)} />
            <Separator />
            <SummaryRow label={t.total} value={money(calculation.summary.total)} emphasized />
          </BlockStack>
        )}
        {!available && <Banner status="warning">{t.unavailable}</Banner>}
        {failed && <Banner status="critical">{t.failed}</Banner>}
        <BlockStack>
          {available && (
            <Button onPress={accept} loading={accepting} disabled={calculation.status === 'pending'}>
              {fill(t.accept, { price: money(total) })}
            </Button>
          )}
          <Button subdued onPress={() => void input.done()} disabled={accepting}>
            {available ? t.decline : t.continue}
          </Button>
        </BlockStack>
      </BlockStack>
    </Layout>
  );
}

function SummaryRow({ label, value, emphasized = false }: { label: string; value: string; emphasized?: boolean }) {
  return (
    <Tiles>
      <TextBlock emphasized={emphasized}>{label}</TextBlock>
      <TextContainer alignment="trailing">
        <TextBlock emphasized={emphasized}>{value}</TextBlock>
      </TextContainer>
    </Tiles>
  );
}

/** Shopify's own calculation of the offer (taxes, shipping, what the buyer will be charged now). */
function usePriceSummary(input: PostPurchaseRenderApi, offer: PostPurchaseOffer | null): Calculation {
  const changes = offer?.changes;
  const [calculation, setCalculation] = useState<Calculation>(changes ? { status: 'pending' } : { status: 'ready', summary: null });
  useEffect(() => {
    if (!changes) return;
    let current = true;
    input
      .calculateChangeset({ changes } as Parameters<PostPurchaseRenderApi['calculateChangeset']>[0])
      .then((result) => {
        if (!current) return;
        if (result.status !== 'processed') return setCalculation({ status: 'unavailable' });
        const purchase = result.calculatedPurchase;
        const taxes = purchase.addedTaxLines.reduce((sum, line) => sum + Number(line.priceSet.presentmentMoney.amount), 0);
        const shipping = purchase.addedShippingLines.reduce((sum, line) => sum + Number(line.priceSet.presentmentMoney.amount), 0);
        const currencyCode = purchase.totalOutstandingSet.presentmentMoney.currencyCode;
        const subtotal = purchase.updatedLineItems.reduce((sum, line) => sum + Number(line.totalPriceSet.presentmentMoney.amount), 0);
        setCalculation({
          status: 'ready',
          summary: {
            subtotal: { amount: subtotal.toFixed(2), currencyCode },
            shipping: { amount: shipping.toFixed(2), currencyCode },
            taxes: { amount: taxes.toFixed(2), currencyCode },
            total: purchase.totalOutstandingSet.presentmentMoney,
          },
        });
      })
      // The summary is a courtesy: without it the buyer still sees the offer price.
      .catch(() => current && setCalculation({ status: 'ready', summary: null }));
    return () => {
      current = false;
    };
  }, [changes]);
  return calculation;
}
