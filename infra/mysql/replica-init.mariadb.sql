-- Replica on MariaDB (the tests' private pair, scripts/lib/replication.mjs): the same as replica-init.sql, in
-- MariaDB's words. MariaDB positions by GTID with MASTER_USE_GTID (slave_pos: what this replica has applied).
CHANGE MASTER TO
  MASTER_HOST = 'mysql-primary',
  MASTER_PORT = 3306,
  MASTER_USER = 'repl',
  MASTER_PASSWORD = 'change-me-repl',
  MASTER_USE_GTID = slave_pos,
  MASTER_CONNECT_RETRY = 1;
START SLAVE;
