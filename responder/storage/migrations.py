"""Numbered schema migrations, applied in order and recorded in ``PRAGMA user_version``.

Never edit a released migration: add a new one. Each released version has a fixture database
under ``tests/fixtures/`` that the test suite opens with the current code.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1 — first release: structures, tenders, library, partners, vault, file store, settings.
    """
    CREATE TABLE structures (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE tenders (
        id INTEGER PRIMARY KEY,
        structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        buyer TEXT NOT NULL DEFAULT '',
        reference TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        deadline TEXT,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX tenders_structure ON tenders(structure_id, status);
    CREATE TABLE library_references (
        id INTEGER PRIMARY KEY,
        structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE text_blocks (
        id INTEGER PRIMARY KEY,
        structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE partners (
        id INTEGER PRIMARY KEY,
        structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE admin_documents (
        id INTEGER PRIMARY KEY,
        structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE files (
        hash TEXT PRIMARY KEY,
        original_name TEXT NOT NULL,
        size INTEGER NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
]

#: The schema version this code writes.
SCHEMA_VERSION = len(MIGRATIONS)
