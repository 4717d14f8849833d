ALTER TABLE users ADD COLUMN disabled_at DATETIME(6) NULL AFTER locked_until;
