import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The certificate workflow's view, kept by each step, so that reads answer from PostgreSQL instead of asking the workflow. */
export class CertificateView1796419337937 implements MigrationInterface {
  name = 'CertificateView1796419337937';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"certificate\" ADD \"workflow_view\" jsonb");
    await queryRunner.query("ALTER TABLE \"certificate\" ADD \"workflow_view_version\" integer");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"certificate\" DROP COLUMN \"workflow_view_version\"");
    await queryRunner.query("ALTER TABLE \"certificate\" DROP COLUMN \"workflow_view\"");
  }
}
