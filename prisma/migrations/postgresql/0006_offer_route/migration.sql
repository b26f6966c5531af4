-- CreateTable
CREATE TABLE "OfferRoute" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "emailOfferId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "variantId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "contractId" TEXT,
    "cycleIndex" INTEGER,
    "deliveryDate" TIMESTAMP(3),
    "checkoutUrl" TEXT,
    "amountMinor" INTEGER,
    "currencyCode" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OfferRoute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "OfferRoute_emailOfferId_key" ON "OfferRoute"("emailOfferId");

-- CreateIndex
CREATE INDEX "OfferRoute_shopId_orderId_idx" ON "OfferRoute"("shopId", "orderId");

