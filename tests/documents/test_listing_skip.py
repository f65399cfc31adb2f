"""docxtpl's listing pass is skipped on a part with no tab, line feed, bell or form feed in
its text: the part must come out exactly as docxtpl's own pass gives it, with or without."""

from __future__ import annotations

import random

from docxtpl import DocxTemplate

from responder.documents.memoire import _Template

PIECES = [
    "<w:p>", '<w:p w:rsidR="00AB">', "</w:p>", "<w:pPr><w:jc w:val=\"center\"/></w:pPr>",
    "<w:r>", "</w:r>", "<w:rPr><w:b/></w:rPr>", "<w:t>", '<w:t xml:space="preserve">',
    "</w:t>", "<w:tab/>", "<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>", "texte",
    " : ", "\n", "\t", "\a", "\f", "é", "&amp;",
]


def test_same_xml_as_docxtpl_on_random_parts() -> None:
    rng = random.Random(6122026)
    ours, theirs = _Template.__new__(_Template), DocxTemplate.__new__(DocxTemplate)
    skipped = 0
    for _ in range(3_000):
        xml = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30)))
        expected = DocxTemplate.resolve_listing(theirs, xml)
        assert _Template.resolve_listing(ours, xml) == expected, repr(xml)
        skipped += expected == xml
    assert skipped > 300  # the fast path was taken often enough to be tested


def test_a_line_feed_in_a_text_still_becomes_a_break() -> None:
    xml = "<w:p><w:r><w:t>un\ndeux</w:t></w:r></w:p>"
    out = _Template.resolve_listing(_Template.__new__(_Template), xml)
    assert "<w:br/>" in out
