-- Trust at the edges: a user can be disabled (the console refuses them and their sessions end).
-- The old per-account lock columns (failed_count, failed_since, locked_until) are no longer
-- written: sign-in limits are kept per (account, address) in the server's memory (src/auth/auth.h).
ALTER TABLE app_user ADD COLUMN disabled_at INTEGER NOT NULL DEFAULT 0;
