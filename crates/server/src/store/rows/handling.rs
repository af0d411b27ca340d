//! What the SQLite and PostgreSQL handling code shares (no database access).
