//! What the SQLite and PostgreSQL catalog code shares (no database access).
