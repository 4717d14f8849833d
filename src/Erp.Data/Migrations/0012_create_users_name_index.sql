CREATE INDEX ix_users_display_name ON users (display_name, id);
