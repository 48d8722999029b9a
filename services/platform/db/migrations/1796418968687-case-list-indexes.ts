import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case list reads newest first and asks which cases a person may see (rollouts/case-access.ts):
 * an index for the order, for the initiator, and for who handed a task on, so that no request
 * sorts or scans every case and event.
 */
export class CaseListIndexes1796418968687 implements MigrationInterface {
  name = 'CaseListIndexes1796418968687';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_563a2a82704e9bb1be1cd8e2e4\" ON \"rollout_case\"  (\"initiator_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_rollout_case_newest\" ON \"rollout_case\"  (\"created_at\", \"id\") ");
    await queryRunner.query(`CREATE INDEX "ix_case_event_reassigned_from" ON "case_event" (("data"->>'from')) WHERE "kind" = 'task.reassigned'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_case_event_reassigned_from"`);
    await queryRunner.query("DROP INDEX \"public\".\"ix_rollout_case_newest\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_563a2a82704e9bb1be1cd8e2e4\"");
  }
}
