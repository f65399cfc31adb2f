"""The groupement of the demo dossier (three members, one sub-contractor): finding a
sub-contractor as typed for its DC4, the amount ↔ share of a répartition row, and the
threshold of direct payment in force."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from responder.domain.errors import InvalidInput
from responder.domain.law import RuleNotFound
from responder.services.groupement import direct_payment_threshold, rebalance
from tests.helpers import groupement_demo, service_and_groupement


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[Any, Any, int]]:
    for session, tender_id in groupement_demo(tmp_path):
        service, groupement = service_and_groupement(session, tender_id)
        yield service, groupement, tender_id


@pytest.mark.parametrize("typed", ["Arbor'Cévennes", "arbor cevennes", "ARBOR", "cévennes"])
def test_a_sub_contractor_is_found_by_its_name_as_typed(demo: tuple, typed: str) -> None:
    service, groupement, _ = demo
    assert service.subcontractor(groupement, typed).name == "Arbor'Cévennes"


def test_an_unknown_sub_contractor_lists_those_declared(demo: tuple) -> None:
    service, groupement, _ = demo
    with pytest.raises(InvalidInput) as info:
        service.subcontractor(groupement, "Élagage du Gard")
    assert info.value.messages["sous-traitant"] == (
        "Aucun sous-traitant « Élagage du Gard » dans ce groupement. Sous-traitants déclarés : "
        "« Arbor'Cévennes »."
    )


def test_only_the_convention_and_the_dc1_are_documents_of_the_groupement(
    demo: tuple, tmp_path: Path
) -> None:
    service, _, tender_id = demo
    with pytest.raises(InvalidInput) as info:
        service.document_job(tender_id, "dc2", tmp_path / "dc2.docx")
    assert info.value.messages == {"document": "Document « dc2 » inconnu : convention ou dc1."}


def test_a_new_amount_moves_its_share_and_a_new_share_its_amount(demo: tuple) -> None:
    _, groupement, _ = demo
    lot1 = groupement.repartition[0]  # 248 000 € HT: 60 / 25 / 15 %
    by_amount = rebalance(lot1, 1, amount=Decimal("74400"))
    assert (by_amount.rows[1].amount_ht, by_amount.rows[1].share) == (Decimal("74400.00"),
                                                                      Decimal("30.00"))
    by_share = rebalance(lot1, 2, share=Decimal("10"))
    assert by_share.rows[2].amount_ht == Decimal("24800.00")
    assert by_share.rows[0] == lot1.rows[0]  # the other rows are left as they were


def test_direct_payment_starts_at_600_euros_ttc_under_the_rules_in_force() -> None:
    assert direct_payment_threshold(date(2026, 12, 1)) == Decimal(600)
    with pytest.raises(RuleNotFound, match="subcontract_direct_payment"):
        direct_payment_threshold(date(2015, 1, 1))
