"""A groupement momentané d'entreprises: members, répartition des prestations, checks.

Rounding rule (documented in docs/formats.md): amounts are kept to the cent and shares to
the hundredth of a percent. A lot's shares must total 100 % within 0.005 — so 99,99 % and
100,01 % are refused — and its amounts must add up to the lot total to the cent. A share and
its amount are kept consistent both ways by :func:`share_of` and :func:`amount_of`.

The RC-imposed form is ``Tender.groupement_form``; the direct-payment threshold of
sub-contractors (R2193-10) comes from the rules file and is passed in, never hard-coded here.

- :mod:`.amounts`: rounding, French formats and input of amounts and shares;
- :mod:`.forms`: the forms of a groupement and its payment modes;
- :mod:`.model`: members, répartition, sub-contractors, the groupement;
- :mod:`.checks`: the findings about a groupement for a tender.
"""

from __future__ import annotations

from .amounts import (
    CENT,
    HUNDRED,
    SHARE_TOLERANCE,
    amount_of,
    cents,
    format_eur,
    format_share,
    parse_amount,
    share_of,
)
from .checks import (
    SEVERITY_LABELS,
    Check,
    Severity,
    blocking,
    check_groupement,
    dc4_checks,
    lot_name,
)
from .forms import (
    DEFAULT_PAYMENT,
    FORM_LABELS,
    MERCHANT_FORMS,
    PAYMENT_LABELS,
    REPARTITION_AUTHORITY,
    PaymentMode,
    form_label,
)
from .model import (
    POWER_LABELS,
    Groupement,
    LotRepartition,
    MandatairePowers,
    Member,
    RepartitionRow,
    SubContractor,
)

__all__ = [
    "CENT",
    "DEFAULT_PAYMENT",
    "FORM_LABELS",
    "HUNDRED",
    "MERCHANT_FORMS",
    "PAYMENT_LABELS",
    "POWER_LABELS",
    "REPARTITION_AUTHORITY",
    "SEVERITY_LABELS",
    "SHARE_TOLERANCE",
    "Check",
    "Groupement",
    "LotRepartition",
    "MandatairePowers",
    "Member",
    "PaymentMode",
    "RepartitionRow",
    "Severity",
    "SubContractor",
    "amount_of",
    "blocking",
    "cents",
    "check_groupement",
    "dc4_checks",
    "form_label",
    "format_eur",
    "format_share",
    "lot_name",
    "parse_amount",
    "share_of",
]
