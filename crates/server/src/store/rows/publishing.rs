//! What the SQLite and PostgreSQL publishing code shares (no database access).
