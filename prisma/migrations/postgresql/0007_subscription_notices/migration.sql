-- AlterTable
ALTER TABLE "SubscriptionContract" ADD COLUMN     "customerLocale" TEXT;

-- AlterTable
ALTER TABLE "SubscriptionPlanGroup" ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'encore';

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
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailNoticeTemplate_pkey" PRIMARY KEY ("shopId","kind","locale")
);

-- CreateTable
CREATE TABLE "EmailNotice" (
    "id" TEXT NOT NULL,
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
    "sendingAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EmailNotice_shopId_sendingAt_idx" ON "EmailNotice"("shopId", "sendingAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailNotice_shopId_kind_dedupeKey_key" ON "EmailNotice"("shopId", "kind", "dedupeKey");

