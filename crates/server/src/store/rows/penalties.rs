//! What the SQLite and PostgreSQL penalties code shares (no database access).
