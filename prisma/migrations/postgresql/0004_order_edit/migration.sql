-- AlterTable
ALTER TABLE "OrderEdit" ADD COLUMN     "baseLineItemIds" JSONB,
ADD COLUMN     "committedAt" TIMESTAMP(3),
ADD COLUMN     "holds" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "paymentUrl" TEXT,
ADD COLUMN     "quantity" INTEGER,
ADD COLUMN     "removeAfter" TIMESTAMP(3),
ADD COLUMN     "settledAt" TIMESTAMP(3),
ADD COLUMN     "variantId" TEXT;

-- CreateTable
CREATE TABLE "OrderEditSettings" (
    "shopId" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderEditSettings_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "OrderReady" (
    "shopId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "markedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderReady_pkey" PRIMARY KEY ("shopId","orderId")
);

-- CreateIndex
CREATE INDEX "OrderEdit_status_removeAfter_idx" ON "OrderEdit"("status", "removeAfter");

