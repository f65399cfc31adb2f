"""The change value operations announce: topics, dossier narrowing and merging."""

from __future__ import annotations

import pytest

from responder.services.changes import NO_CHANGES, Changes, Topic


def test_touches_its_topics_only() -> None:
    change = Changes.of(Topic.REFERENCES)
    assert change.touches(Topic.REFERENCES, Topic.BLOCKS)
    assert not change.touches(Topic.TENDERS)


def test_workspace_change_touches_everything() -> None:
    change = Changes.everything()
    assert all(change.touches(topic) for topic in Topic.ALL)
    assert change.touches_tender(7, Topic.MEMOIRE)


def test_dossier_part_change_is_narrowed_to_its_dossier() -> None:
    change = Changes.of(Topic.CHECKLIST, tender_id=3)
    assert change.touches_tender(3, Topic.CHECKLIST)
    assert not change.touches_tender(4, Topic.CHECKLIST)
    assert not change.touches_tender(3, Topic.MEMOIRE)
    # A page that shows every dossier (tender_id None) is concerned by each one.
    assert change.touches_tender(None, Topic.CHECKLIST)


def test_merge_keeps_both_topics_and_the_common_dossier() -> None:
    same = Changes.of(Topic.CHECKLIST, tender_id=3).merged(Changes.of(Topic.DEADLINES, tender_id=3))
    assert same.topics == {Topic.CHECKLIST, Topic.DEADLINES} and same.tender_id == 3
    other = Changes.of(Topic.CHECKLIST, tender_id=3).merged(Changes.of(Topic.TENDERS, tender_id=4))
    assert other.tender_id is None


def test_empty_change_is_false_and_unknown_topics_are_refused() -> None:
    assert not NO_CHANGES
    assert Changes.of(Topic.VEILLE)
    with pytest.raises(ValueError, match="unknown change topics"):
        Changes.of("référence")
