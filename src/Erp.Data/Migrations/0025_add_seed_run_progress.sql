-- A seed run is in progress (completed_at NULL) from before its first write until its last one, and
-- records the size it was asked for: a run that crashed is recognised and may be restarted
-- (src/Erp.Data/Seeding/DemoSeeder.cs).
ALTER TABLE seed_runs
    MODIFY COLUMN completed_at DATETIME(6) NULL,
    ADD COLUMN customers INT NULL,
    ADD COLUMN products INT NULL,
    ADD COLUMN started_at DATETIME(6) NULL;
