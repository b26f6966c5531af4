-- CreateTable
CREATE TABLE "OrderEditSettings" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OrderReady" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "markedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("shopId", "orderId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OrderEdit" (
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
    "variantId" TEXT,
    "quantity" INTEGER,
    "baseLineItemIds" JSONB,
    "holds" JSONB NOT NULL DEFAULT '[]',
    "paymentUrl" TEXT,
    "committedAt" DATETIME,
    "removeAfter" DATETIME,
    "settledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "OrderEdit_emailOfferId_fkey" FOREIGN KEY ("emailOfferId") REFERENCES "EmailOffer" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_OrderEdit" ("addedLineItemIds", "amountMinor", "calculatedOrderId", "createdAt", "currencyCode", "emailOfferId", "error", "id", "idempotencyKey", "orderId", "shopId", "status", "updatedAt") SELECT "addedLineItemIds", "amountMinor", "calculatedOrderId", "createdAt", "currencyCode", "emailOfferId", "error", "id", "idempotencyKey", "orderId", "shopId", "status", "updatedAt" FROM "OrderEdit";
DROP TABLE "OrderEdit";
ALTER TABLE "new_OrderEdit" RENAME TO "OrderEdit";
CREATE INDEX "OrderEdit_shopId_orderId_idx" ON "OrderEdit"("shopId", "orderId");
CREATE INDEX "OrderEdit_status_removeAfter_idx" ON "OrderEdit"("status", "removeAfter");
CREATE UNIQUE INDEX "OrderEdit_shopId_idempotencyKey_key" ON "OrderEdit"("shopId", "idempotencyKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

