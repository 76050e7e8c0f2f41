-- Demo CRM source (MariaDB database retier_demo_crm): drops and recreates the legacy `customers` table.
-- No primary or unique key: a double import left exact duplicate rows with the same cust_no.
-- Datetimes are naive Asia/Shanghai wall-clock times. Parameters: none. Returns: nothing.
DROP TABLE IF EXISTS customers;
CREATE TABLE customers (
  cust_no   varchar(32) NOT NULL,
  name      varchar(255) NULL,
  mobile    varchar(64) NULL,
  email     varchar(255) NULL,
  province  varchar(64) NULL,
  uscc      varchar(64) NULL,
  created   datetime NOT NULL,
  modified  datetime NOT NULL,
  KEY customers_cust_no (cust_no)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
