import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OrganisationImport1796408558392 implements MigrationInterface {
  name = 'OrganisationImport1796408558392';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"organisation_change\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"actor\" character varying(200) NOT NULL, \"kind\" character varying(20) NOT NULL, \"source\" text NOT NULL, \"summary\" jsonb NOT NULL, \"changes\" jsonb NOT NULL, CONSTRAINT \"PK_c4898e0e4ab2c3da10e5e2dd732\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("ALTER TABLE \"faculty\" ADD \"active\" boolean NOT NULL DEFAULT true");
    await queryRunner.query("ALTER TABLE \"department\" ADD \"active\" boolean NOT NULL DEFAULT true");
    await queryRunner.query("ALTER TABLE \"programme\" ADD \"active\" boolean NOT NULL DEFAULT true");
    await queryRunner.query("ALTER TABLE \"person\" ADD \"external_id\" character varying(64)");
    await queryRunner.query("ALTER TABLE \"person\" ADD \"student_number\" character varying(32)");
    await queryRunner.query("ALTER TABLE \"person\" ADD \"oidc_sub\" character varying(255)");
    await queryRunner.query("ALTER TABLE \"person\" ADD \"active\" boolean NOT NULL DEFAULT true");
    await queryRunner.query("ALTER TABLE \"person\" ADD \"deactivated_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_fa16d4b8f9dfdd6e2fb1bd12e6\" ON \"person\"  (\"external_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_0e32d5e8d6b508b5b8bbcb4974\" ON \"person\"  (\"oidc_sub\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_0e32d5e8d6b508b5b8bbcb4974\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_fa16d4b8f9dfdd6e2fb1bd12e6\"");
    await queryRunner.query("ALTER TABLE \"person\" DROP COLUMN \"deactivated_at\"");
    await queryRunner.query("ALTER TABLE \"person\" DROP COLUMN \"active\"");
    await queryRunner.query("ALTER TABLE \"person\" DROP COLUMN \"oidc_sub\"");
    await queryRunner.query("ALTER TABLE \"person\" DROP COLUMN \"student_number\"");
    await queryRunner.query("ALTER TABLE \"person\" DROP COLUMN \"external_id\"");
    await queryRunner.query("ALTER TABLE \"programme\" DROP COLUMN \"active\"");
    await queryRunner.query("ALTER TABLE \"department\" DROP COLUMN \"active\"");
    await queryRunner.query("ALTER TABLE \"faculty\" DROP COLUMN \"active\"");
    await queryRunner.query("DROP TABLE \"organisation_change\"");
  }
}
