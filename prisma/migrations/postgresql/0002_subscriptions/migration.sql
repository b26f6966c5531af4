-- AlterTable
ALTER TABLE "SubscriptionContract" ADD COLUMN     "customerEmail" TEXT,
ADD COLUMN     "deliveryCount" INTEGER,
ADD COLUMN     "deliveryInterval" TEXT,
ADD COLUMN     "deliveryPriceMinor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "dunningState" TEXT NOT NULL DEFAULT 'none',
ADD COLUMN     "lastBilledAt" TIMESTAMP(3),
ADD COLUMN     "lastErrorCode" TEXT,
ADD COLUMN     "nextRetryAt" TIMESTAMP(3),
ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'shopify',
ADD COLUMN     "paymentMethodId" TEXT;

-- AlterTable
ALTER TABLE "BillingAttempt" ADD COLUMN     "amountMinor" INTEGER,
ADD COLUMN     "completedAt" TIMESTAMP(3),
ADD COLUMN     "dunningAction" TEXT,
ADD COLUMN     "nextActionUrl" TEXT,
ADD COLUMN     "scheduledFor" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "SubscriptionPlanGroup" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "merchantCode" TEXT NOT NULL,
    "description" TEXT,
    "plans" JSONB NOT NULL DEFAULT '[]',
    "productIds" JSONB NOT NULL DEFAULT '[]',
    "variantIds" JSONB NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionPlanGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionSettings" (
    "shopId" TEXT NOT NULL,
    "retryDays" JSONB NOT NULL,
    "finalAction" TEXT NOT NULL DEFAULT 'pause',
    "inventoryAction" TEXT NOT NULL DEFAULT 'skip',
    "reminderDays" INTEGER NOT NULL DEFAULT 3,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SubscriptionSettings_pkey" PRIMARY KEY ("shopId")
);

-- CreateIndex
CREATE UNIQUE INDEX "SubscriptionPlanGroup_shopId_shopifyId_key" ON "SubscriptionPlanGroup"("shopId", "shopifyId");

-- CreateIndex
CREATE INDEX "SubscriptionContract_shopId_status_idx" ON "SubscriptionContract"("shopId", "status");

-- CreateIndex
CREATE INDEX "SubscriptionContract_shopId_customerEmail_idx" ON "SubscriptionContract"("shopId", "customerEmail");

-- CreateIndex
CREATE INDEX "BillingAttempt_shopId_shopifyAttemptId_idx" ON "BillingAttempt"("shopId", "shopifyAttemptId");

