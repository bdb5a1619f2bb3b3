-- Primary: one schema per service (no service reads another's tables), one account per service limited to
-- its own schema, and the replication account the replica connects with.
CREATE DATABASE IF NOT EXISTS fuel_user CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS fuel_order CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS fuel_payment CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS fuel_map CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE USER IF NOT EXISTS 'svc_user'@'%' IDENTIFIED BY 'change-me-user';
CREATE USER IF NOT EXISTS 'svc_order'@'%' IDENTIFIED BY 'change-me-order';
CREATE USER IF NOT EXISTS 'svc_payment'@'%' IDENTIFIED BY 'change-me-payment';
CREATE USER IF NOT EXISTS 'svc_map'@'%' IDENTIFIED BY 'change-me-map';
GRANT ALL PRIVILEGES ON fuel_user.* TO 'svc_user'@'%';
GRANT ALL PRIVILEGES ON fuel_order.* TO 'svc_order'@'%';
GRANT ALL PRIVILEGES ON fuel_payment.* TO 'svc_payment'@'%';
GRANT ALL PRIVILEGES ON fuel_map.* TO 'svc_map'@'%';
-- The staff audit log's writer: no rights here; audit-writer.sql grants INSERT and SELECT on its one table once the
-- user service's migrations have made it.
CREATE USER IF NOT EXISTS 'svc_user_audit'@'%' IDENTIFIED BY 'change-me-user-audit';

CREATE USER IF NOT EXISTS 'repl'@'%' IDENTIFIED BY 'change-me-repl';
GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%';
FLUSH PRIVILEGES;
