-- AlterTable
ALTER TABLE "BillingAttempt" ADD COLUMN "amountMinor" INTEGER;
ALTER TABLE "BillingAttempt" ADD COLUMN "completedAt" DATETIME;
ALTER TABLE "BillingAttempt" ADD COLUMN "dunningAction" TEXT;
ALTER TABLE "BillingAttempt" ADD COLUMN "nextActionUrl" TEXT;
ALTER TABLE "BillingAttempt" ADD COLUMN "scheduledFor" DATETIME;

-- CreateTable
CREATE TABLE "SubscriptionPlanGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "merchantCode" TEXT NOT NULL,
    "description" TEXT,
    "plans" JSONB NOT NULL DEFAULT '[]',
    "productIds" JSONB NOT NULL DEFAULT '[]',
    "variantIds" JSONB NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SubscriptionSettings" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "retryDays" JSONB NOT NULL,
    "finalAction" TEXT NOT NULL DEFAULT 'pause',
    "inventoryAction" TEXT NOT NULL DEFAULT 'skip',
    "reminderDays" INTEGER NOT NULL DEFAULT 3,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SubscriptionContract" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "customerId" TEXT,
    "customerEmail" TEXT,
    "status" TEXT NOT NULL,
    "currencyCode" TEXT NOT NULL,
    "billingInterval" TEXT NOT NULL,
    "billingCount" INTEGER NOT NULL,
    "deliveryInterval" TEXT,
    "deliveryCount" INTEGER,
    "deliveryPriceMinor" INTEGER NOT NULL DEFAULT 0,
    "paymentMethodId" TEXT,
    "nextBillingDate" DATETIME,
    "originOrderId" TEXT,
    "lines" JSONB NOT NULL DEFAULT '[]',
    "lastPaymentStatus" TEXT,
    "currentCycle" INTEGER NOT NULL DEFAULT 1,
    "failedAttempts" INTEGER NOT NULL DEFAULT 0,
    "dunningState" TEXT NOT NULL DEFAULT 'none',
    "nextRetryAt" DATETIME,
    "lastErrorCode" TEXT,
    "lastBilledAt" DATETIME,
    "origin" TEXT NOT NULL DEFAULT 'shopify',
    "shopifyUpdatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SubscriptionContract" ("billingCount", "billingInterval", "createdAt", "currencyCode", "currentCycle", "customerId", "failedAttempts", "id", "lastPaymentStatus", "lines", "nextBillingDate", "originOrderId", "shopId", "shopifyId", "shopifyUpdatedAt", "status", "updatedAt") SELECT "billingCount", "billingInterval", "createdAt", "currencyCode", "currentCycle", "customerId", "failedAttempts", "id", "lastPaymentStatus", "lines", "nextBillingDate", "originOrderId", "shopId", "shopifyId", "shopifyUpdatedAt", "status", "updatedAt" FROM "SubscriptionContract";
DROP TABLE "SubscriptionContract";
ALTER TABLE "new_SubscriptionContract" RENAME TO "SubscriptionContract";
CREATE INDEX "SubscriptionContract_status_nextBillingDate_idx" ON "SubscriptionContract"("status", "nextBillingDate");
CREATE INDEX "SubscriptionContract_shopId_status_idx" ON "SubscriptionContract"("shopId", "status");
CREATE INDEX "SubscriptionContract_shopId_customerEmail_idx" ON "SubscriptionContract"("shopId", "customerEmail");
CREATE UNIQUE INDEX "SubscriptionContract_shopId_shopifyId_key" ON "SubscriptionContract"("shopId", "shopifyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionPlanGroup_shopId_shopifyId_key" ON "SubscriptionPlanGroup"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "BillingAttempt_shopId_shopifyAttemptId_idx" ON "BillingAttempt"("shopId", "shopifyAttemptId");

