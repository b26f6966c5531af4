-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "primaryLocale" TEXT NOT NULL DEFAULT 'en',
    "ianaTimezone" TEXT,
    "plan" TEXT,
    "installState" TEXT NOT NULL DEFAULT 'installed',
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "scopes" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "definition" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Offer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Funnel" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "experimentKey" TEXT,
    "definition" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Funnel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OfferEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderKey" TEXT NOT NULL,
    "customerId" TEXT,
    "surface" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "funnelId" TEXT,
    "stepId" TEXT,
    "offerId" TEXT,
    "variantId" TEXT,
    "quantity" INTEGER,
    "amountMinor" INTEGER,
    "currencyCode" TEXT,
    "arm" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "occurredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OfferDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderKey" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "funnelId" TEXT,
    "arm" TEXT,
    "outcome" TEXT NOT NULL,
    "trace" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "queue" TEXT NOT NULL DEFAULT 'default',
    "name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "runAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "idempotencyKey" TEXT,
    "shopDomain" TEXT,
    "lockedBy" TEXT,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "result" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "triggeredAt" DATETIME,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'received',
    "error" TEXT
);

-- CreateTable
CREATE TABLE "EmailOffer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "funnelId" TEXT,
    "stepId" TEXT,
    "offer" JSONB NOT NULL,
    "scheduledFor" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OrderEdit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "emailOfferId" TEXT,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "calculatedOrderId" TEXT,
    "addedLineItemIds" JSONB NOT NULL DEFAULT '[]',
    "amountMinor" INTEGER,
    "currencyCode" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OrderEdit_emailOfferId_fkey" FOREIGN KEY ("emailOfferId") REFERENCES "EmailOffer" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderLock" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "lockedUntil" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "orderId")
);

-- CreateTable
CREATE TABLE "SubscriptionContract" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "customerId" TEXT,
    "status" TEXT NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "billingInterval" TEXT NOT NULL,
    "billingCount" INTEGER NOT NULL,
    "nextBillingDate" DATETIME,
    "originOrderId" TEXT,
    "lines" JSONB NOT NULL DEFAULT '[]',
    "lastPaymentStatus" TEXT,
    "currentCycle" INTEGER NOT NULL DEFAULT 1,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "shopifyUpdatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BillingAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "contractId" TEXT NOT NULL,
    "cycleIndex" INTEGER NOT NULL,
    "attemptNumber" INTEGER NOT NULL DEFAULT 1,
    "idempotencyKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "shopifyAttemptId" TEXT,
    "orderId" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BillingAttempt_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "SubscriptionContract" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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

-- CreateTable
CREATE TABLE "CustomerProfile" (
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "ordersCount" INTEGER NOT NULL DEFAULT 0,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "purchasedProductIds" JSONB NOT NULL DEFAULT '[]',
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "customerId")
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "Shop_domain_key" ON "Shop"("domain");

-- CreateIndex
CREATE INDEX "Offer_shopId_enabled_idx" ON "Offer"("shopId", "enabled");

-- CreateIndex
CREATE INDEX "Funnel_shopId_surface_enabled_idx" ON "Funnel"("shopId", "surface", "enabled");

-- CreateIndex
CREATE INDEX "OfferEvent_shopId_orderKey_idx" ON "OfferEvent"("shopId", "orderKey");

-- CreateIndex
CREATE INDEX "OfferEvent_shopId_customerId_occurredAt_idx" ON "OfferEvent"("shopId", "customerId", "occurredAt");

-- CreateIndex
CREATE INDEX "OfferEvent_shopId_occurredAt_idx" ON "OfferEvent"("shopId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "OfferEvent_shopId_idempotencyKey_key" ON "OfferEvent"("shopId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "OfferDecision_shopId_surface_orderKey_key" ON "OfferDecision"("shopId", "surface", "orderKey");

-- CreateIndex
CREATE UNIQUE INDEX "Job_idempotencyKey_key" ON "Job"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Job_status_runAt_idx" ON "Job"("status", "runAt");

-- CreateIndex
CREATE INDEX "Job_shopDomain_status_idx" ON "Job"("shopDomain", "status");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shopDomain_receivedAt_idx" ON "WebhookDelivery"("shopDomain", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_shopDomain_topic_dedupeKey_key" ON "WebhookDelivery"("shopDomain", "topic", "dedupeKey");

-- CreateIndex
CREATE INDEX "EmailOffer_status_expiresAt_idx" ON "EmailOffer"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailOffer_shopId_orderId_key" ON "EmailOffer"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "OrderEdit_shopId_orderId_idx" ON "OrderEdit"("shopId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderEdit_shopId_idempotencyKey_key" ON "OrderEdit"("shopId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "SubscriptionContract_status_nextBillingDate_idx" ON "SubscriptionContract"("status", "nextBillingDate");

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionContract_shopId_shopifyId_key" ON "SubscriptionContract"("shopId", "shopifyId");

-- CreateIndex
CREATE UNIQUE INDEX "BillingAttempt_contractId_cycleIndex_attemptNumber_key" ON "BillingAttempt"("contractId", "cycleIndex", "attemptNumber");

-- CreateIndex
CREATE UNIQUE INDEX "BillingAttempt_shopId_idempotencyKey_key" ON "BillingAttempt"("shopId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseChangeset_jti_key" ON "PostPurchaseChangeset"("jti");

-- CreateIndex
CREATE UNIQUE INDEX "PostPurchaseChangeset_shopId_referenceId_stepId_key" ON "PostPurchaseChangeset"("shopId", "referenceId", "stepId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutDiscountCode_shopId_offerId_offerVersion_key" ON "CheckoutDiscountCode"("shopId", "offerId", "offerVersion");

-- CreateIndex
CREATE UNIQUE INDEX "CheckoutDiscountCode_shopId_code_key" ON "CheckoutDiscountCode"("shopId", "code");

