import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A diploma's bit in the Bitstring Status Lists (revocation); diplomas issued before have none. */
export class DiplomaStatusList1796400000000 implements MigrationInterface {
  name = 'DiplomaStatusList1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "diploma" ADD "status_index" integer`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_4847ea1332032146870a660f40" ON "diploma" ("status_index") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_4847ea1332032146870a660f40"`);
    await queryRunner.query(`ALTER TABLE "diploma" DROP COLUMN "status_index"`);
  }
}
