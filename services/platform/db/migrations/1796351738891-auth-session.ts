import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthSession1796351738891 implements MigrationInterface {
  name = 'AuthSession1796351738891';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"auth_session\" (\"id\" uuid NOT NULL, \"person_id\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"revoked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_19354ed146424a728c1112a8cbf\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_c98aa3c1e03f43e495723822ae\" ON \"auth_session\"  (\"person_id\") ");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_c98aa3c1e03f43e495723822ae\"");
    await queryRunner.query("DROP TABLE \"auth_session\"");
  }
}
