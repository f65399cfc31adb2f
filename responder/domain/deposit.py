"""The deposit of a dossier on the buyer's platform: its settings, its record, file naming.

Stored in the tender's own JSON (``Tender.deposit``), so no table is needed: the limits and
naming the RC sets for the upload (size per file and in total, accepted formats, naming
pattern, copie de sauvegarde) and, once done, the record of the deposit (date, time, the
platform's receipt kept in the workspace's file store).

Pure: no I/O. Limits left empty fall back on the practice rules of
``resources/rules/rules.json`` (``deposit_max_file_size``, ``deposit_file_name_max``), which
the service reads.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import Field, field_validator

from .common import DomainModel, LocalDateTime

#: Extensions accepted when the RC lists none: office documents, PDF, images.
DEFAULT_FORMATS: tuple[str, ...] = (
    "pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "jpg", "jpeg", "png",
)
#: Compressed archives: never put inside the pack (a buyer may fail to open a zip in a zip).
ARCHIVE_EXTENSIONS = frozenset({"zip", "7z", "rar", "tar", "gz", "tgz", "bz2", "xz", "cab"})
#: The default naming pattern: « 03_Memoire_technique_Ressourcerie.pdf ».
DEFAULT_PATTERN = "{NN}_{Piece}_{Candidat}"
#: Tokens a naming pattern may use.
PATTERN_TOKENS = ("NN", "Piece", "Candidat", "Lot")

_TOKEN = re.compile(r"\{([^{}]*)\}")
_SAFE = re.compile(r"[^A-Za-z0-9-]+")
#: Names Windows refuses whatever the extension.
_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
_ALLOWED_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class DepositSettings(DomainModel):
    """What the RC says about the upload, set on the dossier (empty: the defaults)."""

    #: Largest single file in Mo (1 Mo = 1 048 576 octets); None: the practice default.
    max_file_mb: int | None = Field(default=None, ge=1, le=10_000)
    #: Largest total of the pack in Mo; None: no total limit.
    max_total_mb: int | None = Field(default=None, ge=1, le=100_000)
    #: Accepted extensions, lower case without dot; empty: ``DEFAULT_FORMATS``.
    formats: list[str] = Field(default_factory=list)
    #: How each file is renamed (tokens ``{NN}``, ``{Piece}``, ``{Candidat}``, ``{Lot}``).
    naming_pattern: str = DEFAULT_PATTERN
    #: Also prepare a « copie de sauvegarde » folder (R2132-11).
    backup_copy: bool = False
    #: Also write one zip of the pack beside the folder.
    zip: bool = False

    @field_validator("formats", mode="before")
    @classmethod
    def _formats(cls, value: object) -> object:
        if isinstance(value, str):
            value = re.split(r"[\s,;]+", value)
        if isinstance(value, list):
            cleaned = [str(v).strip().lower().lstrip(".") for v in value]
            bad = [v for v in cleaned if v and not re.fullmatch(r"[a-z0-9]{1,10}", v)]
            if bad:
                raise ValueError(
                    f"Format « {bad[0]} » invalide : écrivez les extensions séparées par des "
                    "virgules (par exemple pdf, docx, xlsx)."
                )
            return list(dict.fromkeys(v for v in cleaned if v))
        return value

    @field_validator("naming_pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        problem = pattern_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    def accepted_formats(self) -> tuple[str, ...]:
        """The extensions the buyer accepts (the defaults when none were set)."""
        return tuple(self.formats) or DEFAULT_FORMATS


class DepositRecord(DomainModel):
    """« Dépôt effectué »: when the pack was uploaded and the platform's receipt."""

    deposited_at: LocalDateTime
    receipt_hash: str | None = None
    receipt_name: str = ""
    recorded_at: LocalDateTime | None = None


class Deposit(DomainModel):
    """Deposit settings of a dossier and, once uploaded, its record."""

    settings: DepositSettings = Field(default_factory=DepositSettings)
    record: DepositRecord | None = None


# --- naming -----------------------------------------------------------------------------
def pattern_problem(pattern: str) -> str | None:
    """A French message when a naming pattern cannot give safe, unique names, else None."""
    if not pattern.strip():
        return "Le modèle de nom est vide : par exemple {NN}_{Piece}_{Candidat}."
    tokens = _TOKEN.findall(pattern)
    unknown = [t for t in tokens if t not in PATTERN_TOKENS]
    if unknown:
        return (
            f"Élément « {{{unknown[0]}}} » inconnu dans le modèle de nom : utilisez "
            + ", ".join(f"{{{t}}}" for t in PATTERN_TOKENS) + "."
        )
    if "NN" not in tokens:
        return (
            "Le modèle de nom doit contenir {NN} (le numéro de la pièce), sinon deux fichiers "
            "pourraient porter le même nom."
        )
    literal = _TOKEN.sub("", pattern)
    if re.search(r"[^A-Za-z0-9_-]", literal):
        return (
            f"Le modèle de nom « {pattern} » contient des caractères que les plateformes "
            "refusent (accents, espaces, signes) : gardez lettres sans accent, chiffres, - et _."
        )
    return None


def ascii_part(text: str) -> str:
    """« Mémoire technique (lot 2) » → ``Memoire_technique_lot_2``: ASCII, no space or sign."""
    # Apostrophes become spaces before the ASCII round trip, which would drop « ’ » silently.
    spaced = text.replace("'", " ").replace("’", " ")
    folded = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii")
    return _SAFE.sub("_", folded).strip("_-") or "x"


def file_name(
    pattern: str,
    *,
    number: int,
    piece: str,
    candidate: str,
    lot: int | None,
    extension: str,
    max_length: int,
) -> str:
    """The pack name of one file, by ``pattern``, at most ``max_length`` characters.

    The piece and the candidate are folded to ASCII; when the name is too long the candidate
    is shortened first, then the longer of the two (the number and extension are never cut).
    """
    parts = {"Piece": ascii_part(piece), "Candidat": ascii_part(candidate)}
    suffix = f".{extension.lower()}" if extension else ""

    def render() -> str:
        values = {
            "NN": f"{number:02d}",
            "Lot": f"Lot{lot}" if lot is not None else "",
            **parts,
        }
        text = _TOKEN.sub(lambda m: values.get(m.group(1), ""), pattern)
        text = re.sub(r"_{2,}", "_", text).strip("_-")
        return text + suffix

    name = render()
    while len(name) > max_length:
        # The candidate is the same on every file: it gives way first, down to 16 characters.
        longest = "Candidat" if len(parts["Candidat"]) > 16 else max(
            ("Piece", "Candidat"), key=lambda k: len(parts[k])
        )
        if len(parts[longest]) <= 1:
            break
        parts[longest] = parts[longest][:-1].rstrip("_-") or parts[longest][:1]
        name = render()
    return name


def name_problem(name: str, max_length: int) -> str | None:
    """Why a platform could refuse this file name (French), or None when it is safe."""
    if len(name) > max_length:
        return f"nom de {len(name)} caractères (au plus {max_length})"
    if not _ALLOWED_NAME.match(name):
        return "caractères refusés par les plateformes (accents, espaces, signes)"
    if name.split(".")[0].lower() in _RESERVED:
        return "nom réservé par Windows"
    return None


def extension_of(name: str) -> str:
    """``pdf`` for « Offre.PDF »; empty text without extension."""
    if "." not in name.strip(".") or name.endswith("."):
        return ""
    return name.rsplit(".", 1)[1].lower()


MEGABYTE = 1024 * 1024


def megabytes(size: int) -> str:
    """« 120 Mo », « 12,5 Mo » or « 38 Ko » (1 Mo = 1 048 576 octets), as platforms and
    Windows count them."""
    if size < MEGABYTE // 10:
        return f"{max(1, -(-size // 1024))}\u00a0Ko"
    text = f"{size / MEGABYTE:.1f}".removesuffix(".0").replace(".", ",")
    return f"{text}\u00a0Mo"
