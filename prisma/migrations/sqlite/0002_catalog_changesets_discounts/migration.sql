-- CreateTable
CREATE TABLE "CatalogSnapshot" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL DEFAULT 1,
    "data" JSONB NOT NULL,
    "products" INTEGER NOT NULL DEFAULT 0,
    "builtAt" DATETIME NOT NULL,
    "staleAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PostPurchaseChangeset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "choiceKey" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "appliedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "CheckoutDiscountCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "offerVersion" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "shopifyId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseChangeset_jti_key" ON "PostPurchaseChangeset"("jti");

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseChangeset_shopId_referenceId_stepId_key" ON "PostPurchaseChangeset"("shopId", "referenceId", "stepId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutDiscountCode_shopId_offerId_offerVersion_key" ON "CheckoutDiscountCode"("shopId", "offerId", "offerVersion");

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutDiscountCode_shopId_code_key" ON "CheckoutDiscountCode"("shopId", "code");

