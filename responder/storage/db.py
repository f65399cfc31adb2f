"""The workspace: one SQLite file in WAL mode, plus a folder of attached files beside it.

Thread contract: a ``Workspace`` may be used from one thread at a time; the GUI serialises
access (background tasks get their own ``Workspace`` on the same file).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from .migrations import MIGRATIONS, SCHEMA_VERSION

#: Tables every Responder workspace has from format 1 on: a SQLite file without them (or with
#: other tables and no format number) belongs to another program and is never migrated.
CORE_TABLES = frozenset({"structures", "tenders", "settings", "files"})


class WorkspaceError(Exception):
    """The workspace cannot be opened or written; the message is French and says what to do."""


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; the folder itself is made owner-only (0700).

    The workspace holds personal data (SIRET, contacts, attestations): other local users
    must not read it. Best effort where the file system has no such permissions.
    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    with suppress(OSError):
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    return path


def private_file(path: Path) -> None:
    """Make an existing file owner-only (0600), best effort (see ``private_dir``)."""
    with suppress(OSError):
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)


def files_dir_for(db_path: Path) -> Path:
    """Folder holding a workspace's attached files: ``<name>-fichiers`` beside the database."""
    return db_path.with_name(db_path.stem + "-fichiers")


class Workspace:
    """An open workspace file. Use ``with ws.transaction():`` around every write."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._depth = 0
        #: Run once, inside the first write transaction of this connection (housekeeping
        #: such as purging old deleted dossiers: a read-only command never takes the lock).
        self.on_first_write: list[Callable[[sqlite3.Connection], object]] = []
        #: Committed write transactions of this connection: caches of computed views
        #: compare it (with ``data_version``, for other connections) to know they are stale.
        self.generation = 0

    @property
    def files_dir(self) -> Path:
        """Folder of attached files (content-addressed), created on first use."""
        return files_dir_for(self.path)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one ``BEGIN IMMEDIATE`` transaction; nested blocks join the outer.

        On any exception the whole transaction is rolled back, so a failed save leaves the
        previous state intact.
        """
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise WorkspaceError(_explain(exc, self.path)) from exc
        self._depth = 1
        try:
            while self.on_first_write:
                self.on_first_write.pop(0)(self.conn)
            yield self.conn
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        try:
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self.conn.execute("ROLLBACK")
            raise WorkspaceError(_explain(exc, self.path)) from exc
        finally:
            self.generation += 1

    def version(self) -> tuple[int, int]:
        """Changes whenever the data may have changed: a write committed by this connection
        (``generation``) or by another one (SQLite's ``data_version``)."""
        row = self.conn.execute("PRAGMA data_version").fetchone()
        return (self.generation, int(row[0]))

    def setting(self, key: str, default: str | None = None) -> str | None:
        """A workspace-level setting (stored in the database, travels with it)."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        """Store a workspace-level setting."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def schema_version(self) -> int:
        """The schema version recorded in the file."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def integrity_ok(self) -> bool:
        """True when SQLite's quick check finds the file sound."""
        row = self.conn.execute("PRAGMA quick_check").fetchone()
        return row is not None and row[0] == "ok"

    def close(self) -> None:
        """Checkpoint the WAL into the main file and close."""
        with suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _explain(exc: sqlite3.Error, path: Path) -> str:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return (
            f"L'espace de travail « {path.name} » est utilisé par une autre fenêtre de Responder. "
            "Fermez-la puis réessayez."
        )
    if "disk is full" in text or "full" in text:
        return (
            "Le disque est plein : rien n'a été enregistré. Libérez de la place puis réessayez ; "
            "les données déjà enregistrées sont intactes."
        )
    if "readonly" in text or "read-only" in text:
        return (
            f"L'espace de travail « {path} » est en lecture seule : copiez-le dans un dossier où "
            "vous pouvez écrire (par exemple Documents) puis ouvrez la copie."
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (
            f"Le fichier « {path.name} » n'est pas un espace de travail Responder valide (il est "
            "peut-être endommagé). Ouvrez une sauvegarde ou créez un nouvel espace de travail."
        )
    return f"Erreur d'accès à l'espace de travail « {path.name} » : {exc}."


def _prepare_file(path: Path, create: bool) -> bool:
    """Check the workspace file (or create it, owner-only); whether it is new."""
    if not path.exists():
        if not create:
            raise WorkspaceError(
                f"Aucun espace de travail à l'emplacement « {path} ». Vérifiez le chemin, ou "
                "créez-en un avec « responder demo --workspace CHEMIN »."
            )
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WorkspaceError(
                f"Impossible de créer le dossier « {path.parent} » : {exc.strerror}."
            ) from exc
    elif path.is_dir():
        raise WorkspaceError(
            f"« {path} » est un dossier : indiquez le fichier de l'espace de travail "
            "(par exemple responder.sqlite3)."
        )
    new = not path.exists()
    if new:
        try:  # created owner-only from the start: it will hold personal data
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            new = False
        except OSError as exc:
            raise WorkspaceError(
                f"Impossible de créer « {path} » : {exc.strerror or exc}. Choisissez un dossier "
                "où vous pouvez écrire (par exemple Documents)."
            ) from exc
    elif path.is_file() and path.stat().st_size == 0:
        raise WorkspaceError(
            f"Le fichier « {path} » est vide : ce n'est pas un espace de travail (il a peut-être "
            "été tronqué). Ouvrez une sauvegarde (responder backup restore) ou indiquez un "
            "nouveau nom de fichier pour créer un espace de travail."
        )
    return new


def open_workspace(
    path: Path | str, *, create: bool = True, schema_version: int = SCHEMA_VERSION
) -> Workspace:
    """Open (or create) the workspace at ``path`` and bring its schema up to date.

    ``schema_version`` stops the migrations earlier; only the fixture builder uses it, to
    write a workspace of an older format.

    Raises ``WorkspaceError`` with a French message when the file is not a workspace, is newer
    than this version of Responder, or cannot be written.
    """
    path = Path(path).expanduser()
    new = _prepare_file(path, create)
    private_file(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=5)
    except sqlite3.Error as exc:
        raise WorkspaceError(_explain(exc, path)) from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if not new:
            _check_ours(conn, path)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            conn.execute("PRAGMA journal_mode = DELETE")
        # FULL: a commit the user was told about survives a power cut (NORMAL may lose the
        # last one in WAL mode). Its cost is measured in docs/performance.md.
        conn.execute("PRAGMA synchronous = FULL")
        for suffix in ("-wal", "-shm"):
            private_file(Path(f"{path}{suffix}"))
        ws = Workspace(path, conn)
        _migrate(ws, schema_version)
    except sqlite3.Error as exc:
        conn.close()
        raise WorkspaceError(_explain(exc, path)) from exc
    except WorkspaceError:
        conn.close()
        raise
    return ws


def foreign_database_problem(conn: sqlite3.Connection, path: Path) -> str | None:
    """Why the SQLite database on ``conn`` is not a Responder workspace (French), or ``None``.

    Format 0 with tables, or a format number without our core tables, is another program's
    database: adding our schema to it would damage it. A newer format is said too.
    """
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = {
        str(name)
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if version > SCHEMA_VERSION:
        return (
            f"« {path.name} » a été créé par une version plus récente de Responder (format "
            f"{version}, cette version lit jusqu'au format {SCHEMA_VERSION}) : mettez Responder "
            "à jour pour l'ouvrir."
        )
    if (version == 0 and tables) or (version > 0 and not tables >= CORE_TABLES):
        return (
            f"« {path.name} » est une base de données SQLite d'un autre programme, pas un "
            "espace de travail Responder : elle n'a pas été modifiée. Indiquez le fichier de "
            "votre espace de travail, ou un nouveau nom pour en créer un."
        )
    return None


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    problem = foreign_database_problem(conn, path)
    if problem and "autre programme" in problem:
        raise WorkspaceError(problem)


def _migrate(ws: Workspace, target: int = SCHEMA_VERSION) -> None:
    version = ws.schema_version()
    if version > SCHEMA_VERSION:
        raise WorkspaceError(
            f"L'espace de travail « {ws.path.name} » a été créé par une version plus récente de "
            f"Responder (format {version}, cette version lit jusqu'au format {SCHEMA_VERSION}). "
            "Mettez Responder à jour pour l'ouvrir."
        )
    if 0 < version < target:
        # A workspace with data is about to change format: keep a copy first, so a failed or
        # regretted update can be undone (Fichier › Sauvegardes). A new file has nothing.
        from .backups import backup_before_migration

        backup_before_migration(ws.path, ws.conn, version)
    for number in range(version + 1, target + 1):
        script = MIGRATIONS[number - 1]
        with ws.transaction() as conn:
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")


def _statements(script: str) -> list[str]:
    """Split a migration script on semicolons (our migrations hold no string literals)."""
    return [part.strip() for part in script.split(";") if part.strip()]


def fts5_available(conn: sqlite3.Connection) -> bool:
    """True when this SQLite has FTS5 with the accent-folding tokenizer we need."""
    try:
        conn.execute(
            "CREATE VIRTUAL TABLE temp.fts5_probe USING fts5(body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        conn.execute("DROP TABLE temp.fts5_probe")
    except sqlite3.OperationalError:
        return False
    return True
