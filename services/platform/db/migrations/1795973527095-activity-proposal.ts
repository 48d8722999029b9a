import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ActivityProposal1795973527095 implements MigrationInterface {
  name = 'ActivityProposal1795973527095';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"activity_proposal\" (\"id\" uuid NOT NULL, \"certificate_id\" uuid NOT NULL, \"programme_id\" uuid NOT NULL, \"name\" character varying(200) NOT NULL, \"description\" text NOT NULL, \"category\" character varying(10) NOT NULL, \"source\" character varying(200), \"status\" character varying(20) NOT NULL DEFAULT 'open', \"catalogue_activity_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_9625085b8ac9e6c24a2033df881\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_97a11090d60de7ecc0542c1963\" ON \"activity_proposal\"  (\"certificate_id\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_97a11090d60de7ecc0542c1963\"");
    await queryRunner.query("DROP TABLE \"activity_proposal\"");
  }
}
