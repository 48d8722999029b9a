import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Certificate1795972681700 implements MigrationInterface {
  name = 'Certificate1795972681700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"certificate\" (\"id\" uuid NOT NULL, \"workflow_id\" character varying(200) NOT NULL, \"student_id\" uuid NOT NULL, \"programme_id\" uuid NOT NULL, \"stage\" character varying(30) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_8daddfc65f59e341c2bbc9c9e43\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_df30d3c79ecdb0ba0c9ed12238\" ON \"certificate\"  (\"programme_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_4b89f09c445d30dff7a1589cda\" ON \"certificate\"  (\"stage\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_certificate_active_per_student\" ON \"certificate\"  (\"student_id\", \"programme_id\") WHERE \"stage\" NOT IN ('withdrawn', 'closed_incomplete')");
    await queryRunner.query("CREATE TABLE \"participation\" (\"id\" uuid NOT NULL, \"certificate_id\" uuid NOT NULL, \"activity_id\" uuid NOT NULL, \"started_on\" date NOT NULL, \"ended_on\" date NOT NULL, \"description\" text NOT NULL, \"reflection\" text NOT NULL, \"evidence_url\" character varying(500), \"sessions\" integer, \"semesters\" integer, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_ba5442bab90fc96ddde456c69e1\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_431b3e203adb26c29ecef12003\" ON \"participation\"  (\"certificate_id\") ");
    await queryRunner.query("CREATE TABLE \"reflection_report\" (\"id\" uuid NOT NULL, \"certificate_id\" uuid NOT NULL, \"round\" integer NOT NULL, \"text\" text NOT NULL, \"meeting_id\" uuid NOT NULL, \"status\" character varying(20) NOT NULL DEFAULT 'submitted', \"comment\" text, \"submitted_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_5ca00bd571993dc62b7b568d194\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_caceb7127f4957a5f92d622c5e\" ON \"reflection_report\"  (\"certificate_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_8fcae4720852b25a6b2c74a707\" ON \"reflection_report\"  (\"meeting_id\") ");
    await queryRunner.query("CREATE TABLE \"diploma\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"certificate_id\" uuid NOT NULL, \"verification_code\" character varying(40) NOT NULL, \"content\" jsonb NOT NULL, \"credential_jwt\" text NOT NULL, \"pdf\" bytea NOT NULL, \"issued_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"revoked_at\" TIMESTAMP WITH TIME ZONE, \"revoked_by\" uuid, \"revocation_reason\" text, CONSTRAINT \"PK_17fdb808898615d3fb807644165\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_9563f4c84cf9dd2909e59643aa\" ON \"diploma\"  (\"certificate_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_e6d6efe55dd737ceaba913037c\" ON \"diploma\"  (\"verification_code\") ");
    await queryRunner.query("CREATE TABLE \"inbound_event\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"source\" character varying(60) NOT NULL, \"idempotency_key\" character varying(200) NOT NULL, \"type\" character varying(40) NOT NULL, \"status\" character varying(20) NOT NULL, \"reason\" text, \"certificate_id\" uuid, \"body\" jsonb NOT NULL, \"received_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_0c825a71c08c85b9760d57adf01\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_inbound_event_key\" ON \"inbound_event\"  (\"source\", \"idempotency_key\") ");
    await queryRunner.query("ALTER TABLE \"certificate\" ADD CONSTRAINT \"FK_404984efcaaa5afc0d2822a8e00\" FOREIGN KEY (\"student_id\") REFERENCES \"person\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"certificate\" ADD CONSTRAINT \"FK_df30d3c79ecdb0ba0c9ed122383\" FOREIGN KEY (\"programme_id\") REFERENCES \"programme\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"certificate\" DROP CONSTRAINT \"FK_df30d3c79ecdb0ba0c9ed122383\"");
    await queryRunner.query("ALTER TABLE \"certificate\" DROP CONSTRAINT \"FK_404984efcaaa5afc0d2822a8e00\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_inbound_event_key\"");
    await queryRunner.query("DROP TABLE \"inbound_event\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_e6d6efe55dd737ceaba913037c\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_9563f4c84cf9dd2909e59643aa\"");
    await queryRunner.query("DROP TABLE \"diploma\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_8fcae4720852b25a6b2c74a707\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_caceb7127f4957a5f92d622c5e\"");
    await queryRunner.query("DROP TABLE \"reflection_report\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_431b3e203adb26c29ecef12003\"");
    await queryRunner.query("DROP TABLE \"participation\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_certificate_active_per_student\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_4b89f09c445d30dff7a1589cda\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_df30d3c79ecdb0ba0c9ed12238\"");
    await queryRunner.query("DROP TABLE \"certificate\"");
  }
}
