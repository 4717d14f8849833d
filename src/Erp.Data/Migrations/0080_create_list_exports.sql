-- A CSV export of a list, asked for by a user and written by the list-export job (issue 11). Not business
-- data (the rows it exports are): no change list, no row audit. `query` is the list's resolved filter and
-- sort; `rows_written` is the progress the page shows; `file_name` is set only when the finished file
-- exists under Files:Path, so a half-written file is never offered.
--   ix_list_exports_user  a user's own exports, newest first.
CREATE TABLE list_exports (
    id            BIGINT        NOT NULL AUTO_INCREMENT,
    user_id       BIGINT        NOT NULL,
    list          VARCHAR(20)   NOT NULL,
    query         JSON          NOT NULL,
    status        VARCHAR(12)   NOT NULL,
    rows_written  BIGINT        NOT NULL DEFAULT 0,
    file_name     VARCHAR(100)  NULL,
    created_at    DATETIME(6)   NOT NULL,
    finished_at   DATETIME(6)   NULL,
    expires_at    DATETIME(6)   NULL,
    PRIMARY KEY (id),
    KEY ix_list_exports_user (user_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
