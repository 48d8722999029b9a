import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Organisation1795969574168 implements MigrationInterface {
  name = 'Organisation1795969574168';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"faculty\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"code\" character varying(32) NOT NULL, \"name_nb\" character varying(200) NOT NULL, \"name_en\" character varying(200) NOT NULL, CONSTRAINT \"PK_635ca3484f9c747b6635a494ad9\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_3ee6444e9eaecf2399b8b098ba\" ON \"faculty\"  (\"code\") ");
    await queryRunner.query("CREATE TABLE \"department\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"code\" character varying(32) NOT NULL, \"faculty_id\" uuid NOT NULL, \"name_nb\" character varying(200) NOT NULL, \"name_en\" character varying(200) NOT NULL, CONSTRAINT \"PK_9a2213262c1593bffb581e382f5\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_62690f4fe31da9eb824d909285\" ON \"department\"  (\"code\") ");
    await queryRunner.query("CREATE INDEX \"IDX_0f481340d0ba8db6ca9307180c\" ON \"department\"  (\"faculty_id\") ");
    await queryRunner.query("CREATE TABLE \"programme\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"code\" character varying(32) NOT NULL, \"department_id\" uuid NOT NULL, \"name_nb\" character varying(200) NOT NULL, \"name_en\" character varying(200) NOT NULL, CONSTRAINT \"PK_76ff6b30b74f213944d1ac0a660\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_0cb721fe5a34b811494fb228d9\" ON \"programme\"  (\"code\") ");
    await queryRunner.query("CREATE INDEX \"IDX_27e82f2e1e05d53d881bb62066\" ON \"programme\"  (\"department_id\") ");
    await queryRunner.query("CREATE TABLE \"person\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"email\" character varying(320) NOT NULL, \"preferred_language\" character varying(2) NOT NULL DEFAULT 'nb', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_5fdaf670315c4b7e70cce85daa3\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"IDX_d2d717efd90709ebd3cb26b936\" ON \"person\"  (\"email\") ");
    await queryRunner.query("CREATE TABLE \"central_resource_group\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" character varying(200) NOT NULL, \"mailbox\" character varying(320) NOT NULL, CONSTRAINT \"PK_112f6e8be992567dde181c3b838\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"role_assignment\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"person_id\" uuid NOT NULL, \"role\" character varying(40) NOT NULL, \"faculty_id\" uuid, \"department_id\" uuid, \"programme_id\" uuid, \"scope_key\" character varying(64) NOT NULL, \"local_group_role\" character varying(40), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_7e79671a8a5db18936173148cb4\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_3cd38d4874c2cfff2c8eade133\" ON \"role_assignment\"  (\"person_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_5a51dbd15ead355f2a2301230a\" ON \"role_assignment\"  (\"programme_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_role_assignment\" ON \"role_assignment\"  (\"person_id\", \"role\", \"scope_key\") ");
    await queryRunner.query("ALTER TABLE \"department\" ADD CONSTRAINT \"FK_0f481340d0ba8db6ca9307180cf\" FOREIGN KEY (\"faculty_id\") REFERENCES \"faculty\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"programme\" ADD CONSTRAINT \"FK_27e82f2e1e05d53d881bb620660\" FOREIGN KEY (\"department_id\") REFERENCES \"department\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"role_assignment\" ADD CONSTRAINT \"FK_3cd38d4874c2cfff2c8eade1338\" FOREIGN KEY (\"person_id\") REFERENCES \"person\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"role_assignment\" ADD CONSTRAINT \"FK_37862b5b5086b1d7b9d998e1115\" FOREIGN KEY (\"faculty_id\") REFERENCES \"faculty\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"role_assignment\" ADD CONSTRAINT \"FK_282aa5dd35c6bc58522bda9ed1e\" FOREIGN KEY (\"department_id\") REFERENCES \"department\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"role_assignment\" ADD CONSTRAINT \"FK_5a51dbd15ead355f2a2301230a1\" FOREIGN KEY (\"programme_id\") REFERENCES \"programme\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"role_assignment\" DROP CONSTRAINT \"FK_5a51dbd15ead355f2a2301230a1\"");
    await queryRunner.query("ALTER TABLE \"role_assignment\" DROP CONSTRAINT \"FK_282aa5dd35c6bc58522bda9ed1e\"");
    await queryRunner.query("ALTER TABLE \"role_assignment\" DROP CONSTRAINT \"FK_37862b5b5086b1d7b9d998e1115\"");
    await queryRunner.query("ALTER TABLE \"role_assignment\" DROP CONSTRAINT \"FK_3cd38d4874c2cfff2c8eade1338\"");
    await queryRunner.query("ALTER TABLE \"programme\" DROP CONSTRAINT \"FK_27e82f2e1e05d53d881bb620660\"");
    await queryRunner.query("ALTER TABLE \"department\" DROP CONSTRAINT \"FK_0f481340d0ba8db6ca9307180cf\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_role_assignment\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_5a51dbd15ead355f2a2301230a\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_3cd38d4874c2cfff2c8eade133\"");
    await queryRunner.query("DROP TABLE \"role_assignment\"");
    await queryRunner.query("DROP TABLE \"central_resource_group\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_d2d717efd90709ebd3cb26b936\"");
    await queryRunner.query("DROP TABLE \"person\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_27e82f2e1e05d53d881bb62066\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_0cb721fe5a34b811494fb228d9\"");
    await queryRunner.query("DROP TABLE \"programme\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_0f481340d0ba8db6ca9307180c\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_62690f4fe31da9eb824d909285\"");
    await queryRunner.query("DROP TABLE \"department\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_3ee6444e9eaecf2399b8b098ba\"");
    await queryRunner.query("DROP TABLE \"faculty\"");
  }
}
