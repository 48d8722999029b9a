import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Rollout1795971034245 implements MigrationInterface {
  name = 'Rollout1795971034245';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"rollout_case\" (\"id\" uuid NOT NULL, \"workflow_id\" character varying(200) NOT NULL, \"programme_id\" uuid NOT NULL, \"faculty_id\" uuid NOT NULL, \"initiator_id\" uuid NOT NULL, \"stage\" character varying(40) NOT NULL, \"motivation\" text NOT NULL, \"proposed_activities\" text, \"expected_students_per_year\" integer NOT NULL, \"initiator_capacity\" character varying(40) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d45a812e79d87956dff83d8208c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_efc78d3e03e985d7d4573ecc34\" ON \"rollout_case\"  (\"programme_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_2d868a476169505482cdf9d518\" ON \"rollout_case\"  (\"faculty_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_d29cf7cae20c6dc6ae0b2aa49b\" ON \"rollout_case\"  (\"stage\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_rollout_active_per_programme\" ON \"rollout_case\"  (\"programme_id\") WHERE \"stage\" NOT IN ('declined', 'withdrawn')");
    await queryRunner.query("CREATE TABLE \"task\" (\"id\" character varying(200) NOT NULL, \"case_type\" character varying(20) NOT NULL, \"case_id\" uuid NOT NULL, \"workflow_id\" character varying(200) NOT NULL, \"type\" character varying(60) NOT NULL, \"assignee_id\" uuid NOT NULL, \"assignment\" integer NOT NULL DEFAULT '1', \"status\" character varying(20) NOT NULL DEFAULT 'open', \"due_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"decision\" jsonb, \"decided_by\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"closed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_fb213f79ee45060ba925ecd576e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_1eef56ced1b553720ad0e936be\" ON \"task\"  (\"case_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_task_assignee_open\" ON \"task\"  (\"assignee_id\", \"status\") ");
    await queryRunner.query("CREATE TABLE \"case_event\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"case_id\" uuid NOT NULL, \"key\" character varying(300) NOT NULL, \"kind\" character varying(80) NOT NULL, \"actor_id\" uuid, \"comment\" text, \"data\" jsonb, \"at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_5b6e18b2d4fd178711a2269645e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_case_event_key\" ON \"case_event\"  (\"case_id\", \"key\") ");
    await queryRunner.query("CREATE TABLE \"sent_mail\" (\"idempotency_key\" character varying(400) NOT NULL, \"message_id\" character varying(200) NOT NULL, \"kind\" character varying(40) NOT NULL, \"case_id\" uuid, \"sent_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_cea73f6ccab462ae7141b659723\" PRIMARY KEY (\"idempotency_key\"))");
    await queryRunner.query("CREATE INDEX \"IDX_63cf80a5e025a37a8f0a81cfdd\" ON \"sent_mail\"  (\"case_id\") ");
    await queryRunner.query("CREATE TABLE \"catalogue_activity\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"programme_id\" uuid NOT NULL, \"name\" character varying(200) NOT NULL, \"description\" text NOT NULL, \"category\" character varying(10) NOT NULL, \"minimum_sessions\" integer, \"minimum_semesters\" integer, \"source\" character varying(200), \"status\" character varying(10) NOT NULL DEFAULT 'active', \"created_by\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"retired_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_004ba8769ab1832e6b47ad5c884\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_fd71944eca543a3b7756245499\" ON \"catalogue_activity\"  (\"programme_id\") ");
    await queryRunner.query("CREATE TABLE \"development_record\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"programme_id\" uuid NOT NULL, \"kind\" character varying(30) NOT NULL, \"held_on\" date NOT NULL, \"attendees\" jsonb NOT NULL DEFAULT '[]', \"outcome\" text NOT NULL, \"recorded_by\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_9913bfe268427e4fa024944c93e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_b8015c2913a201d9874f81d864\" ON \"development_record\"  (\"programme_id\") ");
    await queryRunner.query("CREATE TABLE \"review_meeting\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"programme_id\" uuid NOT NULL, \"scheduled_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"semester\" character varying(20) NOT NULL, \"location\" character varying(200), \"created_by\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_c2ae8db402643ac9362ac61fc97\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_review_meeting_programme_time\" ON \"review_meeting\"  (\"programme_id\", \"scheduled_at\") ");
    await queryRunner.query("ALTER TABLE \"programme\" ADD \"enrolment_open\" boolean NOT NULL DEFAULT false");
    await queryRunner.query("ALTER TABLE \"programme\" ADD \"enrolment_opened_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"rollout_case\" ADD CONSTRAINT \"FK_efc78d3e03e985d7d4573ecc340\" FOREIGN KEY (\"programme_id\") REFERENCES \"programme\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"rollout_case\" ADD CONSTRAINT \"FK_563a2a82704e9bb1be1cd8e2e4c\" FOREIGN KEY (\"initiator_id\") REFERENCES \"person\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"task\" ADD CONSTRAINT \"FK_75114a0b55080c15694f3d40ec9\" FOREIGN KEY (\"assignee_id\") REFERENCES \"person\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"task\" DROP CONSTRAINT \"FK_75114a0b55080c15694f3d40ec9\"");
    await queryRunner.query("ALTER TABLE \"rollout_case\" DROP CONSTRAINT \"FK_563a2a82704e9bb1be1cd8e2e4c\"");
    await queryRunner.query("ALTER TABLE \"rollout_case\" DROP CONSTRAINT \"FK_efc78d3e03e985d7d4573ecc340\"");
    await queryRunner.query("ALTER TABLE \"programme\" DROP COLUMN \"enrolment_opened_at\"");
    await queryRunner.query("ALTER TABLE \"programme\" DROP COLUMN \"enrolment_open\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_review_meeting_programme_time\"");
    await queryRunner.query("DROP TABLE \"review_meeting\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_b8015c2913a201d9874f81d864\"");
    await queryRunner.query("DROP TABLE \"development_record\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_fd71944eca543a3b7756245499\"");
    await queryRunner.query("DROP TABLE \"catalogue_activity\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_63cf80a5e025a37a8f0a81cfdd\"");
    await queryRunner.query("DROP TABLE \"sent_mail\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_case_event_key\"");
    await queryRunner.query("DROP TABLE \"case_event\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_task_assignee_open\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_1eef56ced1b553720ad0e936be\"");
    await queryRunner.query("DROP TABLE \"task\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_rollout_active_per_programme\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_d29cf7cae20c6dc6ae0b2aa49b\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_2d868a476169505482cdf9d518\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_efc78d3e03e985d7d4573ecc34\"");
    await queryRunner.query("DROP TABLE \"rollout_case\"");
  }
}
