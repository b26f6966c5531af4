-- AlterTable
ALTER TABLE "EmailOffer" ADD COLUMN     "sendOutcome" JSONB;

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "emailOfferId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "from" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "preheader" TEXT NOT NULL DEFAULT '',
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sending',
    "smtpResponse" TEXT,
    "error" TEXT,
    "sendingAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailSettings" (
    "shopId" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailSettings_pkey" PRIMARY KEY ("shopId")
);

-- CreateTable
CREATE TABLE "EmailTemplate" (
    "shopId" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "preheader" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EmailTemplate_pkey" PRIMARY KEY ("shopId","locale")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_emailOfferId_key" ON "EmailMessage"("emailOfferId");

-- CreateIndex
CREATE INDEX "EmailMessage_shopId_orderId_idx" ON "EmailMessage"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "EmailMessage_status_sendingAt_idx" ON "EmailMessage"("status", "sendingAt");

