-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "twin_of" BIGINT;

-- CreateIndex
CREATE INDEX "messages_twin_of_idx" ON "messages"("twin_of") WHERE (twin_of IS NOT NULL);

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_twin_of_fkey" FOREIGN KEY ("twin_of") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;
