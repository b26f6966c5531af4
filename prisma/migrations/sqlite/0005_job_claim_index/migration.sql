-- DropIndex
DROP INDEX "Job_status_runAt_idx";

-- CreateIndex
CREATE INDEX "Job_status_runAt_id_idx" ON "Job"("status", "runAt", "id");

