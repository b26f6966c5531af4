-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
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
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Shop" (
    "id" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "name" TEXT,
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "primaryLocale" TEXT NOT NULL DEFAULT 'en',
    "ianaTimezone" TEXT,
    "plan" TEXT,
    "installState" TEXT NOT NULL DEFAULT 'installed',
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMP(3),
    "settings" JSONB NOT NULL DEFAULT '{}',
    "scopes" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Shop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "definition" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Funnel" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "experimentKey" TEXT,
    "definition" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Funnel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferEvent" (
    "id" TEXT NOT NULL,
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
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfferDecision" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "orderKey" TEXT NOT NULL,
    "surface" TEXT NOT NULL,
    "funnelId" TEXT,
    "arm" TEXT,
    "outcome" TEXT NOT NULL,
    "trace" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "queue" TEXT NOT NULL DEFAULT 'default',
    "name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 8,
    "idempotencyKey" TEXT,
    "shopDomain" TEXT,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "shopDomain" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "triggeredAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'received',
    "error" TEXT,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailOffer" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "customerId" TEXT,
    "email" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "funnelId" TEXT,
    "stepId" TEXT,
    "offer" JSONB NOT NULL,
    "scheduledFor" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailOffer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderEdit" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderEdit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderLock" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "lockedUntil" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderLock_pkey" PRIMARY KEY ("shopId","orderId")
);

-- CreateTable
CREATE TABLE "SubscriptionContract" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "customerId" TEXT,
    "status" TEXT NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "billingInterval" TEXT NOT NULL,
    "billingCount" INTEGER NOT NULL,
    "nextBillingDate" TIMESTAMP(3),
    "originOrderId" TEXT,
    "lines" JSONB NOT NULL DEFAULT '[]',
    "lastPaymentStatus" TEXT,
    "currentCycle" INTEGER NOT NULL DEFAULT 1,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "shopifyUpdatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionContract_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingAttempt" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillingAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogSnapshot" (
    "shopId" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "data" JSONB NOT NULL,
    "products" INTEGER NOT NULL DEFAULT 0,
    "builtAt" TIMESTAMP(3) NOT NULL,
    "staleAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CatalogSnapshot_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "PostPurchaseChangeset" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "referenceId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "choiceKey" TEXT NOT NULL,
    "jti" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostPurchaseChangeset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckoutDiscountCode" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "offerId" TEXT NOT NULL,
    "offerVersion" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "shopifyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CheckoutDiscountCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerProfile" (
    "shopId" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "ordersCount" INTEGER NOT NULL DEFAULT 0,
    "tags" JSONB NOT NULL DEFAULT '[]',
    "purchasedProductIds" JSONB NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerProfile_pkey" PRIMARY KEY ("shopId","customerId")
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

-- AddForeignKey
ALTER TABLE "Offer" ADD CONSTRAINT "Offer_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Funnel" ADD CONSTRAINT "Funnel_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderEdit" ADD CONSTRAINT "OrderEdit_emailOfferId_fkey" FOREIGN KEY ("emailOfferId") REFERENCES "EmailOffer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingAttempt" ADD CONSTRAINT "BillingAttempt_contractId_fkey" FOREIGN KEY ("contractId") REFERENCES "SubscriptionContract"("id") ON DELETE CASCADE ON UPDATE CASCADE;

