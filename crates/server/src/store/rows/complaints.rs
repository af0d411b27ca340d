//! What the SQLite and PostgreSQL complaints code shares (no database access).
