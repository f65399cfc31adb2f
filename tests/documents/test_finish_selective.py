"""The typography pass visits only the paragraphs holding a sign; the result must be the one
of visiting every paragraph (the pass before December 2026, kept here as the oracle)."""

from __future__ import annotations

import copy
import random

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from responder.documents.finish import _typeset
from responder.fr import typography_runs

W_P, W_T = qn("w:p"), qn("w:t")
SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ALPHABET = list("ab Z  nN°:;!?«»)(12.,-'") + ["\u00a0", "\u202f", "é"]


def every_paragraph(root: etree._Element) -> None:
    """The oracle: every paragraph, each with all the text elements below it."""
    for paragraph in root.iter(W_P):
        texts = list(paragraph.iter(W_T))
        parts = [t.text or "" for t in texts]
        for element, before, after in zip(texts, parts, typography_runs(parts), strict=True):
            if after != before:
                element.text = after
                element.set(SPACE, "preserve")


def random_body(rng: random.Random) -> etree._Element:
    document = Document()
    for _ in range(rng.randint(1, 12)):
        paragraph = document.add_paragraph()
        for _ in range(rng.randint(0, 4)):
            text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8)))
            paragraph.add_run(text)
    body = document.element.body
    paragraphs = list(body.iter(W_P))
    if len(paragraphs) > 2 and rng.random() < 0.5:
        # A paragraph holding another one, as a text box does (w:p › w:r › … › w:p).
        outer, inner = paragraphs[0], paragraphs[-1]
        holder = etree.SubElement(outer, qn("w:r"))
        box = etree.SubElement(holder, qn("w:txbxContent"))
        box.append(inner)
    return body


def test_same_document_as_visiting_every_paragraph() -> None:
    rng = random.Random(6122026)
    for _ in range(400):
        root = random_body(rng).getroottree().getroot()
        expected = copy.deepcopy(root)
        every_paragraph(expected)
        _typeset(root)
        assert etree.tostring(root) == etree.tostring(expected)


def test_paragraphs_without_a_sign_are_left_alone() -> None:
    document = Document()
    plain = document.add_paragraph("Nos équipes interviennent  deux fois par semaine")
    signed = document.add_paragraph("Délai : 48 h ; le n° 3")
    before = etree.tostring(plain._p)
    _typeset(document.element.body)
    assert etree.tostring(plain._p) == before
    assert "\u00a0:" in signed.text and "\u202f;" in signed.text
