import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A report may be handed in before the local group has scheduled a review meeting. */
export class ReportWithoutMeeting1796350000000 implements MigrationInterface {
  name = 'ReportWithoutMeeting1796350000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reflection_report" ALTER COLUMN "meeting_id" DROP NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "reflection_report" WHERE "meeting_id" IS NULL`);
    await queryRunner.query(`ALTER TABLE "reflection_report" ALTER COLUMN "meeting_id" SET NOT NULL`);
  }
}
