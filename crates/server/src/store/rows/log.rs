//! What the SQLite and PostgreSQL log code shares (no database access).
