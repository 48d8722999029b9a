import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The mail outbox replaces sent_mail: rows are written before sending (by the worker) and sent by
 * the API's dispatcher, which an insert trigger wakes with NOTIFY mail_outbox. Mail sent before
 * this migration is carried over as sent, without content or recipient.
 */
export class MailOutbox1795978055320 implements MigrationInterface {
  name = 'MailOutbox1795978055320';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"mail_outbox\" (\"idempotency_key\" character varying(400) NOT NULL, \"message_id\" character varying(200) NOT NULL, \"kind\" character varying(40) NOT NULL, \"case_id\" uuid, \"recipient\" character varying(320) NOT NULL, \"content\" jsonb, \"status\" character varying(10) NOT NULL DEFAULT 'pending', \"attempts\" integer NOT NULL DEFAULT '0', \"next_attempt_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_error\" character varying(300), \"queued_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"sent_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_13dc5f898f467c89c384c1dc6d3\" PRIMARY KEY (\"idempotency_key\"))");
    await queryRunner.query("CREATE INDEX \"IDX_7d26897687ce3537416cbf71d6\" ON \"mail_outbox\"  (\"case_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_mail_outbox_due\" ON \"mail_outbox\"  (\"next_attempt_at\") WHERE \"status\" = 'pending'");
    await queryRunner.query(
      "INSERT INTO \"mail_outbox\" (\"idempotency_key\", \"message_id\", \"kind\", \"case_id\", \"recipient\", \"status\", \"queued_at\", \"sent_at\") SELECT \"idempotency_key\", \"message_id\", \"kind\", \"case_id\", '', 'sent', \"sent_at\", \"sent_at\" FROM \"sent_mail\"",
    );
    await queryRunner.query("DROP TABLE \"sent_mail\"");
    await queryRunner.query("CREATE FUNCTION \"mail_outbox_notify\"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('mail_outbox', ''); RETURN NULL; END $$");
    await queryRunner.query("CREATE TRIGGER \"mail_outbox_queued\" AFTER INSERT ON \"mail_outbox\" FOR EACH STATEMENT EXECUTE FUNCTION \"mail_outbox_notify\"()");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TRIGGER \"mail_outbox_queued\" ON \"mail_outbox\"");
    await queryRunner.query("DROP FUNCTION \"mail_outbox_notify\"()");
    await queryRunner.query("CREATE TABLE \"sent_mail\" (\"idempotency_key\" character varying(400) NOT NULL, \"message_id\" character varying(200) NOT NULL, \"kind\" character varying(40) NOT NULL, \"case_id\" uuid, \"sent_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_cea73f6ccab462ae7141b659723\" PRIMARY KEY (\"idempotency_key\"))");
    await queryRunner.query("CREATE INDEX \"IDX_63cf80a5e025a37a8f0a81cfdd\" ON \"sent_mail\"  (\"case_id\") ");
    await queryRunner.query("INSERT INTO \"sent_mail\" (\"idempotency_key\", \"message_id\", \"kind\", \"case_id\", \"sent_at\") SELECT \"idempotency_key\", \"message_id\", \"kind\", \"case_id\", \"sent_at\" FROM \"mail_outbox\" WHERE \"status\" = 'sent'");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_mail_outbox_due\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_7d26897687ce3537416cbf71d6\"");
    await queryRunner.query("DROP TABLE \"mail_outbox\"");
  }
}
