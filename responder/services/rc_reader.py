"""Reading a règlement de consultation (PDF, DOCX, ODT) into normalised text, page by page.

Every refusal is an ``RcReadError`` (an ``InvalidInput``) with its own French message saying
what was found and what to do: the CLI prints it and exits 1, the GUI shows it; nothing is
created. Thread contract: pure file reading, safe to run in a background thread.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.errors import InvalidInput
from ..domain.rc_extract import extract_rc, normalize_text, not_rc_reason

#: Minimum characters of text per page below which a PDF is taken for a scan.
_SCAN_THRESHOLD = 40


class RcReadError(InvalidInput):
    """The file cannot be read as an RC; ``kind`` says why (for tests and the GUI)."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__({"": message})


@dataclass(frozen=True)
class RcDocument:
    """The text of an RC: one normalised string per page (DOCX pages follow page breaks)."""

    source: str
    pages: list[str] = field(default_factory=list)


def read_rc(path: Path | str) -> RcDocument:
    """Read ``path`` (.pdf, .docx, .odt) or raise ``RcReadError`` with a French message."""
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise RcReadError("missing", f"Fichier « {name} » introuvable : vérifiez le chemin.") \
            from exc
    except OSError as exc:
        raise RcReadError("unreadable", f"Impossible de lire « {name} » ({exc.strerror}) : "
                          "copiez le fichier sur votre ordinateur puis réessayez.") from exc
    if not data.strip():
        raise RcReadError("empty", f"« {name} » est vide (0 octet de contenu) : "
                          "téléchargez à nouveau le règlement de consultation depuis la "
                          "plateforme de l'acheteur.")
    suffix = path.suffix.lower()
    if data.startswith(b"%PDF") or (suffix == ".pdf" and b"%PDF" in data[:1024]):
        pages = _read_pdf(data, name)
    elif data.startswith(b"PK"):
        pages = _read_zip(data, name)
    else:
        raise RcReadError("not_document", _not_document(data, name))
    pages = [normalize_text(page) for page in pages]
    if not "".join(pages).strip():
        raise RcReadError("empty", f"« {name} » ne contient aucun texte : vérifiez que c'est "
                          "bien le règlement de consultation, puis téléchargez-le à nouveau.")
    # Never refuse a readable RC for its house style: only a text with neither a deadline
    # phrase nor a procedure is not one (the extraction then says what is missing).
    reason = not_rc_reason(pages)
    if reason:
        raise RcReadError("not_rc", f"« {name} » ne ressemble pas à un règlement de "
                          f"consultation : {reason}. Dans le dossier de consultation (DCE), "
                          "choisissez le fichier « RC » ou « Règlement de la consultation ».")
    return RcDocument(name, pages)


def extract_file(path: Path | str) -> dict[str, Any]:
    """Read an RC and extract its fields (see ``domain.rc_extract.extract_rc``)."""
    document = read_rc(path)
    return extract_rc(document.pages, document.source)


def _not_document(data: bytes, name: str) -> str:
    kinds = (
        (b"\xff\xd8\xff", "une image JPEG"),
        (b"\x89PNG", "une image PNG"),
        (b"GIF8", "une image GIF"),
        (b"II*\x00", "une image TIFF"),
        (b"MM\x00*", "une image TIFF"),
        (b"\xd0\xcf\x11\xe0", "un ancien document Word (.doc)"),
        (b"{\\rtf", "un document RTF"),
        (b"<", "une page web (HTML)"),
    )
    what = next((label for magic, label in kinds if data.startswith(magic)), None)
    if what:
        return (f"« {name} » n'est ni un PDF ni un document Word : son contenu est {what} "
                "dont le nom a été changé. "
                "Téléchargez le règlement de consultation au format PDF ou DOCX (ou "
                "enregistrez-le sous ce format depuis votre traitement de texte).")
    return (f"« {name} » n'est ni un PDF, ni un document Word (.docx), ni un document "
            "OpenDocument (.odt) : téléchargez à nouveau le règlement de consultation.")


def _read_pdf(data: bytes, name: str) -> list[str]:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    from ..documents.pdf_pages import extract_pages

    # pypdf logs its repairs in English (« EOF marker not found »): the user gets our message.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many RCs are AES-protected with an empty user password: they open without one.
            try:
                ok = reader.decrypt("")
            except (NotImplementedError, DependencyError) as exc:
                raise RcReadError("locked", _locked(name)) from exc
            if not ok:
                raise RcReadError("locked", _locked(name))
        pages = extract_pages(reader, data)
        images = sum(_has_image(page) for page in reader.pages)
    except RcReadError:
        raise
    except FileNotDecryptedError as exc:
        raise RcReadError("locked", _locked(name)) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise RcReadError("corrupt", f"« {name} » est un PDF endommagé ou incomplet "
                          "(lecture impossible) : téléchargez-le à nouveau depuis la "
                          "plateforme de l'acheteur.") from exc
    if not pages:
        raise RcReadError("empty", f"« {name} » est un PDF sans aucune page : téléchargez-le "
                          "à nouveau.")
    text_chars = sum(len(p.strip()) for p in pages)
    if text_chars < _SCAN_THRESHOLD * len(pages) and (images or text_chars == 0):
        raise RcReadError("scanned", f"« {name} » : ce PDF est une image scannée "
                          f"({len(pages)} page(s) sans texte lisible). Demandez à "
                          "l'acheteur la version texte du règlement (PDF ou DOCX) via la "
                          "plateforme, ou saisissez la consultation à la main.")
    return pages


def _has_image(page: Any) -> bool:
    try:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        return any(xobjects[key].get_object().get("/Subtype") == "/Image" for key in xobjects)
    except Exception:  # a damaged resource dictionary only means « no image found »
        return False


def _locked(name: str) -> str:
    return (f"« {name} » est protégé par un mot de passe : demandez à l'acheteur une version "
            "sans mot de passe, ou ouvrez-le dans votre lecteur PDF et imprimez-le en PDF, "
            "puis importez ce nouveau fichier.")


def _read_zip(data: bytes, name: str) -> list[str]:
    import io

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise RcReadError("corrupt", f"« {name} » est un document endommagé (archive "
                          "illisible) : téléchargez-le à nouveau.") from exc
    if "word/document.xml" in names:
        return _read_docx(data, name)
    if "content.xml" in names:
        return _read_odt(archive.read("content.xml"))
    raise RcReadError("not_document", f"« {name} » est une archive ZIP, pas un document : "
                      "ouvrez-la et importez le fichier du règlement de consultation.")


_PAGE_BREAKS = (
    './/w:br[@w:type="page"] | .//w:lastRenderedPageBreak | ./w:pPr/w:pageBreakBefore'
)


def _read_docx(data: bytes, name: str) -> list[str]:
    import io

    from docx import Document
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on a damaged package
        raise RcReadError("corrupt", f"« {name} » est un document Word endommagé : "
                          "téléchargez-le à nouveau.") from exc
    # The first page's header often holds the buyer, the reference or the object.
    pages: list[list[str]] = [_docx_header(document)]
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip().replace("\n", " ")
                    if not cells or text != cells[-1]:  # merged cells repeat their text
                        cells.append(text)
                pages[-1].append(" | ".join(cells))
            continue
        # xpath on the element, not ``.xml`` nor ``.style``: both are slow on long RCs.
        element = block._p
        if element.xpath(_PAGE_BREAKS) and pages[-1]:
            pages.append([])
        style = element.xpath("string(./w:pPr/w:pStyle/@w:val)")
        prefix = "- " if str(style).startswith("List") and block.text[:1] not in "-•" else ""
        pages[-1].append(prefix + block.text)
        # Covers often hold the object and the deadline in text boxes, outside the runs'
        # text: read each of their paragraphs as a line.
        # (A box is stored twice, as DrawingML and as its VML fallback: read it once.)
        seen: set[str] = set()
        for text in _box_lines(element) if "txbxContent" in _xml_tags(element) else []:
            if text.strip() and text not in seen:
                seen.add(text)
                pages[-1].append(text)
    return ["\n".join(lines) for lines in pages]


def _docx_header(document: Any) -> list[str]:
    """Lines of the first section's page header (first-page header when it has its own)."""
    try:
        section = document.sections[0]
        header = (section.first_page_header if section.different_first_page_header_footer
                  else section.header)
        return [p.text for p in header.paragraphs if p.text.strip()]
    except Exception:  # a damaged header only means « no header »
        return []


_W_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _box_lines(element: Any) -> list[str]:
    """Text of each paragraph of the text boxes anchored in ``element``.

    Text-box content may not be a python-docx element class, so the XPaths carry their own
    namespace map.
    """
    from lxml import etree

    paragraphs = etree.XPath(".//w:txbxContent//w:p", namespaces=_W_NS)(element)
    text = etree.XPath(".//w:t/text()", namespaces=_W_NS)
    return ["".join(text(p)) for p in paragraphs]


def _xml_tags(element: Any) -> str:
    """The tag names under ``element`` (cheap test before an XPath over text boxes)."""
    return " ".join(child.tag for child in element.iter())


def _read_odt(content: bytes) -> list[str]:
    from xml.etree import ElementTree

    text_ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    table_ns = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    lines: list[str] = []

    def walk(element: ElementTree.Element) -> None:
        for child in element:
            if child.tag in (f"{text_ns}p", f"{text_ns}h"):
                lines.append("".join(child.itertext()))
            elif child.tag == f"{table_ns}table-row":
                lines.append(" | ".join("".join(c.itertext()) for c in child))
            else:
                walk(child)

    walk(ElementTree.fromstring(content))
    return ["\n".join(lines)]
