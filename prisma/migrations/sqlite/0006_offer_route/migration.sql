-- CreateTable
CREATE TABLE "OfferRoute" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "emailOfferId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "variantId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "contractId" TEXT,
    "cycleIndex" INTEGER,
    "deliveryDate" DATETIME,
    "checkoutUrl" TEXT,
    "amountMinor" INTEGER,
    "currencyCode" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "OfferRoute_emailOfferId_key" ON "OfferRoute"("emailOfferId");

-- CreateIndex
CREATE INDEX "OfferRoute_shopId_orderId_idx" ON "OfferRoute"("shopId", "orderId");

