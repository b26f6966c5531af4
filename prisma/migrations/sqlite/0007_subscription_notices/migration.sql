-- AlterTable
ALTER TABLE "SubscriptionContract" ADD COLUMN "customerLocale" TEXT;

-- CreateTable
CREATE TABLE "EmailNoticeTemplate" (
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "preheader" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "kind", "locale")
);

-- CreateTable
CREATE TABLE "EmailNotice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sending',
    "smtpResponse" TEXT,
    "error" TEXT,
    "sendingAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SubscriptionPlanGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "shopifyId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "merchantCode" TEXT NOT NULL,
    "description" TEXT,
    "plans" JSONB NOT NULL DEFAULT '[]',
    "productIds" JSONB NOT NULL DEFAULT '[]',
    "variantIds" JSONB NOT NULL DEFAULT '[]',
    "origin" TEXT NOT NULL DEFAULT 'encore',
    "version" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_SubscriptionPlanGroup" ("createdAt", "deletedAt", "description", "id", "merchantCode", "name", "plans", "productIds", "shopId", "shopifyId", "updatedAt", "variantIds", "version") SELECT "createdAt", "deletedAt", "description", "id", "merchantCode", "name", "plans", "productIds", "shopId", "shopifyId", "updatedAt", "variantIds", "version" FROM "SubscriptionPlanGroup";
DROP TABLE "SubscriptionPlanGroup";
ALTER TABLE "new_SubscriptionPlanGroup" RENAME TO "SubscriptionPlanGroup";
CREATE UNIQUE INDEX "SubscriptionPlanGroup_shopId_shopifyId_key" ON "SubscriptionPlanGroup"("shopId", "shopifyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "EmailNotice_shopId_sendingAt_idx" ON "EmailNotice"("shopId", "sendingAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailNotice_shopId_kind_dedupeKey_key" ON "EmailNotice"("shopId", "kind", "dedupeKey");

