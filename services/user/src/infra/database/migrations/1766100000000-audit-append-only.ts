import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log refuses UPDATE and DELETE for every account, the service's own included: triggers that raise an
 * error (MySQL/MariaDB SIGNAL, SQLite RAISE). Only someone who may drop triggers (a DBA) can change a record, and
 * the hash chain then shows where. Binary-logged MySQL needs log_bin_trust_function_creators=1 (docker-compose.yml)
 * for an account without SUPER to create them.
 */
export class AuditAppendOnly1766100000000 implements MigrationInterface {
  name = 'AuditAppendOnly1766100000000';

  async up(runner: QueryRunner): Promise<void> {
    const mysql = runner.connection.options.type === 'mysql';
    for (const event of ['UPDATE', 'DELETE']) {
      const name = `staff_audit_log_no_${event.toLowerCase()}`;
      await runner.query(
        mysql
          ? `CREATE TRIGGER ${name} BEFORE ${event} ON staff_audit_log FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'staff_audit_log is append-only'`
          : `CREATE TRIGGER ${name} BEFORE ${event} ON staff_audit_log BEGIN SELECT RAISE(ABORT, 'staff_audit_log is append-only'); END`,
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const event of ['update', 'delete']) await runner.query(`DROP TRIGGER IF EXISTS staff_audit_log_no_${event}`);
  }
}
