"""The texts of the pack: ``LISEZ-MOI.txt`` and the label of the copie de sauvegarde."""

from __future__ import annotations

from ...domain.deposit import megabytes
from ...fr import datetime_at
from .results import DepositPlan, PageReport


def readme_text(
    plan: DepositPlan, files: list[tuple[str, int, str]], pages: list[PageReport]
) -> str:
    """LISEZ-MOI.txt: what the pack is, how to upload it, every file with size and SHA-256."""
    tender = plan.tender
    lines = [
        "PLI PRÉPARÉ PAR RESPONDER",
        "",
        f"Consultation : {tender.title}",
        f"Acheteur : {tender.buyer or '—'}",
        f"Référence : {tender.reference or '—'}",
        f"Candidat : {plan.candidate}",
        "Date limite : "
        + (datetime_at(tender.deadline) if tender.deadline else "non saisie"),
        f"Préparé le : {datetime_at(plan.created_at)}",
        "",
        "Déposez sur la plateforme les fichiers des dossiers Candidature et Offre, tels quels",
        "(ne les compressez pas dans une autre archive). Le dossier « Copie de sauvegarde »,",
        "s'il existe, ne se dépose pas : il s'envoie à part, dans un pli fermé.",
        "",
        f"{len(files)} fichiers :",
    ]
    for relative, size, digest in files:
        lines.append(f"{relative}")
        lines.append(f"    {size} octets ({megabytes(size)})  SHA-256 {digest}")
    if pages:
        lines += ["", "Pages du mémoire technique :"]
        for report in pages:
            count = "non compté" if report.pages is None else f"{report.pages} pages"
            limit = f" (limite du RC : {report.limit})" if report.limit else ""
            lines.append(f"    {report.piece} : {count}{limit} — {report.method_fr}")
    return "\n".join(lines) + "\n"


def backup_label(plan: DepositPlan) -> str:
    """The text to print on the sealed envelope of the copie de sauvegarde (R2132-11)."""
    tender = plan.tender
    deadline = (
        datetime_at(tender.deadline) if tender.deadline else "(date limite)"
    )
    return "\n".join([
        "COPIE DE SAUVEGARDE",
        "NE PAS OUVRIR",
        "",
        f"Candidat : {plan.candidate}",
        f"Consultation : {tender.title}",
        f"Référence : {tender.reference or '—'}",
        f"Acheteur : {tender.buyer or '—'}",
        "",
        f"À remettre à l'acheteur avant le {deadline} (pli fermé, support physique ou papier).",
        "Elle ne sera ouverte qu'en cas de virus, de dépôt électronique incomplet, reçu hors",
        "délai alors qu'il avait commencé avant la date limite, ou impossible à ouvrir.",
    ]) + "\n"
