-- The staff audit log is append-only for the account that writes it: INSERT and SELECT on staff_audit_log and
-- nothing else (no UPDATE, no DELETE, no other table). Run after the user service's migrations created the table
-- (the compose topology's audit-grants job). The table's triggers refuse UPDATE and DELETE for every account too.
GRANT INSERT, SELECT ON fuel_user.staff_audit_log TO 'svc_user_audit'@'%';
FLUSH PRIVILEGES;
