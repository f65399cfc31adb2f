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
    # 2 — library search: columns copied out of the JSON for filtering, sorting and the
    # full-text index (kept by storage/search.py, which creates the FTS5 tables itself when
    # this SQLite has FTS5 and fills these columns), and the log of text-block uses.
    """
    ALTER TABLE library_references ADD COLUMN search_title TEXT NOT NULL DEFAULT '';
    ALTER TABLE library_references ADD COLUMN search_body TEXT NOT NULL DEFAULT '';
    ALTER TABLE library_references ADD COLUMN buyer_kind TEXT;
    ALTER TABLE library_references ADD COLUMN role TEXT;
    ALTER TABLE library_references ADD COLUMN start_date TEXT;
    ALTER TABLE library_references ADD COLUMN end_date TEXT;
    ALTER TABLE library_references ADD COLUMN amount REAL;
    ALTER TABLE library_references ADD COLUMN families TEXT NOT NULL DEFAULT '';
    ALTER TABLE library_references ADD COLUMN cpv_codes TEXT NOT NULL DEFAULT '';
    ALTER TABLE library_references ADD COLUMN confidential INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX library_references_structure ON library_references(structure_id, end_date);
    ALTER TABLE text_blocks ADD COLUMN search_title TEXT NOT NULL DEFAULT '';
    ALTER TABLE text_blocks ADD COLUMN search_body TEXT NOT NULL DEFAULT '';
    ALTER TABLE text_blocks ADD COLUMN category TEXT;
    ALTER TABLE text_blocks ADD COLUMN last_reviewed TEXT;
    CREATE INDEX text_blocks_structure ON text_blocks(structure_id, category);
    CREATE TABLE text_block_uses (
        id INTEGER PRIMARY KEY,
        block_id INTEGER NOT NULL REFERENCES text_blocks(id) ON DELETE CASCADE,
        tender_id INTEGER REFERENCES tenders(id) ON DELETE SET NULL,
        used_at TEXT NOT NULL
    );
    CREATE INDEX text_block_uses_block ON text_block_uses(block_id);
    CREATE INDEX text_block_uses_tender ON text_block_uses(tender_id)
    """,
    # 3 — requirement checklists: one row per dossier, the Checklist model as JSON (members,
    # items with status, file, note); deleted with its tender.
    """
    CREATE TABLE checklists (
        id INTEGER PRIMARY KEY,
        tender_id INTEGER NOT NULL UNIQUE REFERENCES tenders(id) ON DELETE CASCADE,
        structure_id INTEGER REFERENCES structures(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    # 4 — mémoires techniques: one row per tender and lot (lot 0 = the whole tender), the
    # Memoire model as JSON (sections, copied text blocks, chosen references); deleted with
    # its tender.
    """
    CREATE TABLE memoires (
        id INTEGER PRIMARY KEY,
        tender_id INTEGER NOT NULL REFERENCES tenders(id) ON DELETE CASCADE,
        lot INTEGER NOT NULL DEFAULT 0,
        structure_id INTEGER REFERENCES structures(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (tender_id, lot)
    )
    """,
    # 5 — a deleted dossier is kept (deleted_at) until purged, so undo brings back its
    # checklist, mémoire and settings too; and ids are never reused (id_marks keeps the
    # highest id ever given per table), so nothing keyed by an old id — a setting, a
    # dossier UID, a reference cited by a mémoire — can attach itself to a new record.
    """
    ALTER TABLE tenders ADD COLUMN deleted_at TEXT;
    CREATE INDEX tenders_deleted ON tenders(deleted_at);
    CREATE TABLE id_marks (
        tbl TEXT PRIMARY KEY,
        high INTEGER NOT NULL
    )
    """,
    # 6 — outcomes after the buyer's decision: one row per tender and lot (lot 0 = the
    # whole tender), the LotOutcome model as JSON (result, notice date, rank, marks, winner,
    # stated reasons, link to the reference made from a won lot); result and notice date
    # copied out for the « Bilan » report; deleted with its tender.
    """
    CREATE TABLE outcomes (
        id INTEGER PRIMARY KEY,
        tender_id INTEGER NOT NULL REFERENCES tenders(id) ON DELETE CASCADE,
        lot INTEGER NOT NULL DEFAULT 0,
        structure_id INTEGER REFERENCES structures(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        result TEXT NOT NULL,
        notified_on TEXT,
        data TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (tender_id, lot)
    );
    CREATE INDEX outcomes_structure ON outcomes(structure_id, result)
    """,
    # 7 — row versions: every update of a stored record adds 1, so a save made from a copy opened
    # before someone else's change (a second window, « rc import --tender ») is refused
    # instead of silently undoing that change (storage/repositories.py, StaleWrite).
    """
    ALTER TABLE structures ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE tenders ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE library_references ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE text_blocks ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE partners ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE admin_documents ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE checklists ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE memoires ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outcomes ADD COLUMN row_version INTEGER NOT NULL DEFAULT 0
    """,
    # 8 — veille: BOAMP notices (one row per idweb, columns copied out for filters; the
    # keyword index notices_fts is created at run time by storage/veille.py, like the
    # library's), DECP contracts (one row per uid and winner, current version), the saved
    # filters of each structure and the log of open-data imports.
    """
    CREATE TABLE notices (
        id INTEGER PRIMARY KEY,
        idweb TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        buyer TEXT NOT NULL DEFAULT '',
        buyer_siret TEXT,
        nature TEXT NOT NULL DEFAULT '',
        etat TEXT NOT NULL DEFAULT '',
        famille TEXT NOT NULL DEFAULT '',
        departments TEXT NOT NULL DEFAULT '',
        published TEXT,
        display_end TEXT,
        own_deadline TEXT,
        deadline TEXT,
        open_until TEXT,
        market_types TEXT NOT NULL DEFAULT '',
        procedure TEXT NOT NULL DEFAULT '',
        procedure_label TEXT NOT NULL DEFAULT '',
        cpv TEXT NOT NULL DEFAULT '',
        lots TEXT NOT NULL DEFAULT '[]',
        reserved TEXT NOT NULL DEFAULT '',
        social INTEGER NOT NULL DEFAULT 0,
        environmental INTEGER NOT NULL DEFAULT 0,
        linked TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        amount REAL,
        amount_suspect INTEGER NOT NULL DEFAULT 0,
        winners TEXT NOT NULL DEFAULT '',
        search_text TEXT NOT NULL DEFAULT '',
        words TEXT NOT NULL DEFAULT '',
        is_call INTEGER NOT NULL DEFAULT 1,
        cancelled INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT NOT NULL DEFAULT '',
        first_import INTEGER NOT NULL DEFAULT 0,
        changed_import INTEGER NOT NULL DEFAULT 0,
        tender_id INTEGER REFERENCES tenders(id) ON DELETE SET NULL
    );
    CREATE INDEX notices_open ON notices(is_call, cancelled, open_until, departments, cpv,
        market_types, reserved, social);
    CREATE INDEX notices_linked ON notices(linked);
    CREATE TABLE decp_contracts (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL,
        contract_id TEXT NOT NULL DEFAULT '',
        buyer_siret TEXT NOT NULL,
        buyer_name TEXT NOT NULL DEFAULT '',
        buyer_search TEXT NOT NULL DEFAULT '',
        winner_id TEXT NOT NULL DEFAULT '',
        winner_name TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        amount REAL,
        amount_suspect INTEGER NOT NULL DEFAULT 0,
        nature TEXT NOT NULL DEFAULT '',
        procedure TEXT NOT NULL DEFAULT '',
        cpv TEXT,
        duration_months INTEGER,
        first_notified TEXT,
        end_date TEXT,
        social INTEGER NOT NULL DEFAULT 0,
        social_detail TEXT NOT NULL DEFAULT '',
        environmental INTEGER NOT NULL DEFAULT 0,
        groupement TEXT NOT NULL DEFAULT '',
        department TEXT,
        modification INTEGER NOT NULL DEFAULT 0,
        framework INTEGER NOT NULL DEFAULT 0,
        import_id INTEGER NOT NULL DEFAULT 0,
        UNIQUE (uid, winner_id)
    );
    CREATE INDEX decp_buyer ON decp_contracts(buyer_siret);
    CREATE INDEX decp_winner ON decp_contracts(winner_id);
    CREATE INDEX decp_end ON decp_contracts(end_date);
    CREATE TABLE veille_filters (
        id INTEGER PRIMARY KEY,
        structure_id INTEGER NOT NULL REFERENCES structures(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        data TEXT NOT NULL,
        UNIQUE (structure_id, name)
    );
    CREATE TABLE import_log (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        file_name TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        counts TEXT NOT NULL DEFAULT '{}'
    )
    """,
]

#: The schema version this code writes.
SCHEMA_VERSION = len(MIGRATIONS)
