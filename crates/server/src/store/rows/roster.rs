//! What the SQLite and PostgreSQL roster code shares (no database access).
