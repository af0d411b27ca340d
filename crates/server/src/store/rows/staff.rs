//! What the SQLite and PostgreSQL staff code shares (no database access).
