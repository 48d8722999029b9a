import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NOTIFY principal_changed with the person's id whenever what a principal is made of changes (a
 * person's row, or a role assignment granted, changed or ended), whoever writes it: the pages, the
 * organisation import, or SQL by hand. A TRUNCATE notifies '*'. The API's principal cache forgets
 * on it (auth/principal.service.ts).
 */
export class PrincipalChanged1796418800000 implements MigrationInterface {
  name = 'PrincipalChanged1796418800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION "principal_changed_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('principal_changed', '*');
        ELSIF TG_TABLE_NAME = 'person' THEN
          PERFORM pg_notify('principal_changed', COALESCE(NEW.id, OLD.id)::text);
        ELSE
          IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('principal_changed', OLD.person_id::text); END IF;
          IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('principal_changed', NEW.person_id::text); END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "person_principal_changed" AFTER UPDATE OR DELETE ON "person" FOR EACH ROW EXECUTE FUNCTION "principal_changed_notify"()`);
    await queryRunner.query(`CREATE TRIGGER "role_assignment_principal_changed" AFTER INSERT OR UPDATE OR DELETE ON "role_assignment" FOR EACH ROW EXECUTE FUNCTION "principal_changed_notify"()`);
    await queryRunner.query(`CREATE TRIGGER "person_principal_truncated" AFTER TRUNCATE ON "person" FOR EACH STATEMENT EXECUTE FUNCTION "principal_changed_notify"()`);
    await queryRunner.query(`CREATE TRIGGER "role_assignment_principal_truncated" AFTER TRUNCATE ON "role_assignment" FOR EACH STATEMENT EXECUTE FUNCTION "principal_changed_notify"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "role_assignment_principal_truncated" ON "role_assignment"`);
    await queryRunner.query(`DROP TRIGGER "person_principal_truncated" ON "person"`);
    await queryRunner.query(`DROP TRIGGER "role_assignment_principal_changed" ON "role_assignment"`);
    await queryRunner.query(`DROP TRIGGER "person_principal_changed" ON "person"`);
    await queryRunner.query(`DROP FUNCTION "principal_changed_notify"()`);
  }
}
