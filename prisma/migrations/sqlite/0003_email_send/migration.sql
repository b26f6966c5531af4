-- AlterTable
ALTER TABLE "EmailOffer" ADD COLUMN "sendOutcome" JSONB;

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "sendingAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EmailSettings" (
    "shopId" TEXT NOT NULL PRIMARY KEY,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
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
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shopId", "locale")
);

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_emailOfferId_key" ON "EmailMessage"("emailOfferId");

-- CreateIndex
CREATE INDEX "EmailMessage_shopId_orderId_idx" ON "EmailMessage"("shopId", "orderId");

-- CreateIndex
CREATE INDEX "EmailMessage_status_sendingAt_idx" ON "EmailMessage"("status", "sendingAt");

