"""Veille benchmark: a 100,000-notice BOAMP export and a 500,000-row DECP file.

Generates both files in the real formats (BOAMP CSV `;` with BOM and JSON; DECP
consolidated CSV, 58 columns), from word lists with a fixed seed: three `donnees` dialects,
rectificatifs, cancellations, awards, reserved lots, several departments. Then prints
medians of:
- the BOAMP import (CSV and JSON), each in a fresh process and workspace, with the peak
  memory of that process (targets: <= 20 s and <= 300 MB);
- `veille list` with filters, as `VeilleService.notices` answers it (target p95 <= 50 ms);
- the DECP import of 500,000 rows for one SIRET (target <= 30 s), and the radar and buyer
  file on it.
Run with `python bench/veille.py [--notices N] [--decp N] [--runs N]` (a few minutes).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 20261206
AS_OF = date(2026, 12, 6)
SIRET = "07823456400017"

OBJECTS = [
    ("Entretien des espaces verts", "77310000"), ("Débroussaillement des talus", "77312000"),
    ("Élagage des arbres d'alignement", "77211400"), ("Nettoyage des locaux", "90910000"),
    ("Nettoyage des vitres", "90911300"), ("Restauration scolaire", "55523100"),
    ("Collecte des encombrants et réemploi", "90511000"), ("Travaux de peinture", "45442110"),
    ("Blanchisserie du linge", "98311000"), ("Mise sous pli et routage", "79823000"),
    ("Déménagement de services", "98392000"), ("Numérisation d'archives", "79999100"),
    ("Accompagnement socio-professionnel", "85312000"), ("Fourniture de mobilier", "39100000"),
    ("Réfection de voirie", "45233140"), ("Maintenance informatique", "50312000"),
    ("Transport scolaire", "60130000"), ("Fourniture de produits d'entretien", "39830000"),
]
PLACES = ["des écoles", "du centre-ville", "des gymnases", "de la médiathèque", "des crèches",
          "du quartier Mas-de-Mingue", "des bâtiments communaux", "du parc des Cèdres",
          "des zones d'activités", "de l'hôtel de ville", "des cimetières", "des berges"]
BUYERS = ["Commune de {}", "Communauté d'agglomération de {}", "Centre hospitalier de {}",
          "Office public de l'habitat de {}", "Syndicat intercommunal de {}"]
TOWNS = ["Alès", "Nîmes", "Uzès", "Anduze", "Sommières", "Lirac", "Beaucaire", "Vauvert",
         "Lodève", "Ganges", "Privas", "Aubenas", "Mende", "Millau", "Béziers", "Sète"]
DEPTS = [str(n) for n in range(1, 96) if n != 20] + ["2A", "2B", "971", "974"]
COLUMNS = [
    "idweb", "id", "objet", "famille", "code_departement", "famille_libelle", "dateparution",
    "datefindiffusion", "datelimitereponse", "nomacheteur", "titulaire", "perimetre",
    "type_procedure", "procedure_libelle", "nature", "nature_libelle", "criteres", "etat",
    "descripteur_libelle", "type_marche", "annonce_lie", "donnees", "url_avis",
]


def _donnees(rng: random.Random, siret: str, cpv: str, lots: list[str], reserved: str) -> str:
    kind = rng.random()
    if kind < 0.6:
        body: dict[str, Any] = {"natureMarche": {"codeCPV": {"objetPrincipal": {
            "classPrincipale": cpv}}, "valeurEstimee": {"@devise": "EUR", "valeur": str(
                rng.choice([45000, 80000, 150000, 9999999]))}},
            "lots": {"lot": [{"numLot": str(i + 1), "intitule": t} for i, t in enumerate(lots)]},
            "conditions": {"texte": "Les candidats présentent leurs références. " * 8
                           + (" Marché réservé (article L. 2113-13)." if reserved else "")}}
        return json.dumps({"MAPA": {"organisme": {"codeIdentificationNational": siret},
                                    "initial": body}}, ensure_ascii=False)
    if kind < 0.85:
        lot_nodes = [{
            "cbc:ID": {"@schemeName": "Lot", "#text": f"LOT-{i + 1:04d}"},
            "cac:TenderingTerms": {"cac:TendererQualificationRequest": {
                "cac:SpecificTendererRequirement": {"cbc:TendererRequirementTypeCode": {
                    "@listName": "reserved-procurement", "#text": reserved or "none"}}}},
            "cac:TenderingProcess": {"cac:TenderSubmissionDeadlinePeriod": {
                "cbc:EndDate": "2027-01-12+01:00", "cbc:EndTime": "12:00:00+01:00"}},
            "cac:ProcurementProject": {"cbc:Name": {"@languageID": "FRA", "#text": t},
                                       "cbc:Description": "Prestations décrites au CCTP. " * 6},
        } for i, t in enumerate(lots or ["Lot unique"])]
        orgs = [{"efac:Company": {"cac:PartyIdentification": {"cbc:ID": {"#text": f"ORG-000{i}"}},
                                  "cac:PartyLegalEntity": {"cbc:CompanyID": s}}}
                for i, s in ((1, "13000000000018"), (2, siret))]
        return json.dumps({"EFORMS": {"ContractNotice": {
            "ext:UBLExtensions": {"ext:UBLExtension": {"ext:ExtensionContent": {
                "efext:EformsExtension": {"efac:Organizations": {"efac:Organization": orgs}}}}},
            "cac:ContractingParty": {"cac:Party": {"cac:PartyIdentification": {
                "cbc:ID": {"#text": "ORG-0002"}}}},
            "cac:ProcurementProject": {"cac:MainCommodityClassification": {
                "cbc:ItemClassificationCode": {"@listName": "cpv", "#text": cpv}}},
            "cac:ProcurementProjectLot": lot_nodes if len(lot_nodes) > 1 else lot_nodes[0],
        }}}, ensure_ascii=False)
    objet: dict[str, Any] = {"CPV": {"PRINCIPAL": cpv}, "LOTS": {"LOT": [
        {"NUM_LOT": str(i + 1), "INTITULE": t} for i, t in enumerate(lots)]},
        "DESCRIPTION": "Marché à bons de commande. " * 8}
    if reserved:
        objet["MARCHE_RESERVE_OUI"] = {"ATELIERS_PROTEGES": ""}
    return json.dumps({"IDENTITE": {"CODE_IDENT_NATIONAL": siret[1:] if siret[0] == "0"
                                    else siret}, "OBJET": objet}, ensure_ascii=False)


def notices(count: int) -> Iterator[dict[str, Any]]:
    """``count`` BOAMP records (technical names, lists as lists), one at a time."""
    rng = random.Random(SEED)
    seen: list[str] = []
    for n in range(count):
        idweb = f"{25 + n // 900_000}-{100000 + n}"
        title, cpv = rng.choice(OBJECTS)
        town = rng.choice(TOWNS)
        objet = f"{title} {rng.choice(PLACES)} de {town}"
        published = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 340))
        deadline = published + timedelta(days=rng.randrange(15, 60))
        nature = "APPEL_OFFRE"
        linked: list[str] = []
        roll = rng.random()
        if roll < 0.05 and seen:
            nature, linked = "RECTIFICATIF", [rng.choice(seen)]
            deadline += timedelta(days=10)
        elif roll < 0.07 and seen:
            nature, linked = "ANNULATION", [rng.choice(seen)]
        elif roll < 0.17:
            nature = "ATTRIBUTION"
        reserved = rng.choice(["res-ws", "res-pub-ser"]) if rng.random() < 0.06 else ""
        lots = [f"Lot {title.lower()} secteur {i + 1}" for i in range(rng.choice([0, 1, 2, 4]))]
        depts = rng.sample(DEPTS, rng.choice([1, 1, 1, 2]))
        hour = rng.choice([10, 11, 15, 22, 23])
        seen.append(idweb)
        yield {
            "idweb": idweb, "id": idweb, "objet": objet, "famille": "MAPA",
            "code_departement": depts, "famille_libelle": "Marchés <90 k€ (MAPA)",
            "dateparution": published.isoformat(),
            "datefindiffusion": deadline.isoformat(),
            "datelimitereponse": None if nature == "ATTRIBUTION"
            else f"{deadline.isoformat()}T{hour:02d}:00:00+00:00",
            "nomacheteur": rng.choice(BUYERS).format(town),
            "titulaire": ["Entreprise Tartempion"] if nature == "ATTRIBUTION" else [],
            "perimetre": "MAPA", "type_procedure": "PROCEDURE_ADAPTE",
            "procedure_libelle": "Procédure Adaptée", "nature": nature,
            "nature_libelle": "Avis de marché", "criteres": ["sociaux"] if rng.random() < 0.2
            else [], "etat": "AVIS_ANNULE" if rng.random() < 0.01 else "INITIAL",
            "descripteur_libelle": [title.split()[0]],
            "type_marche": [rng.choice(["SERVICES", "SERVICES", "FOURNITURES", "TRAVAUX"])],
            "annonce_lie": linked,
            "donnees": _donnees(rng, f"2{rng.randrange(10**11, 10**12)}0", cpv, lots,
                                reserved),
            "url_avis": f"https://www.boamp.fr/pages/avis/?q=idweb:{idweb}",
        }


def write_boamp(records: Iterator[dict[str, Any]], folder: Path) -> tuple[Path, Path]:
    """Write the records as a CSV and a JSON export, in one pass (never all in memory)."""
    csv_path, json_path = folder / "boamp.csv", folder / "boamp.json"
    with csv_path.open("w", encoding="utf-8-sig", newline="") as handle, \
            json_path.open("w", encoding="utf-8") as out:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(COLUMNS)
        out.write("[")
        for i, r in enumerate(records):
            writer.writerow([",".join(r[c]) if isinstance(r[c], list) else (r[c] or "")
                             for c in COLUMNS])
            out.write(("," if i else "") + json.dumps(r, ensure_ascii=False))
        out.write("]")
    return csv_path, json_path


DECP_COLUMNS = (  # noqa: SIM905  (the header line as the file has it)
    "uid,id,nature,acheteur_id,acheteur_nom,titulaire_id,titulaire_typeIdentifiant,"
    "titulaire_nom,objet,montant,type,codeCPV,procedure,techniques,dureeMois,"
    "dureeRestanteMois,offresRecues,dateNotification,datePublicationDonnees,formePrix,"
    "typesPrix,attributionAvance,tauxAvance,marcheInnovant,modalitesExecution,"
    "considerationsSociales,considerationsEnvironnementales,ccag,sousTraitanceDeclaree,"
    "typeGroupementOperateurs,origineUE,origineFrance,lieuExecution_code,"
    "lieuExecution_typeCode,idAccordCadre,titulaire_distance,acheteur_categorie,"
    "acheteur_commune_code,acheteur_commune_nom,acheteur_departement_code,"
    "acheteur_departement_nom,acheteur_region_code,acheteur_region_nom,acheteur_latitude,"
    "acheteur_longitude,titulaire_categorie,titulaire_commune_code,titulaire_commune_nom,"
    "titulaire_departement_code,titulaire_departement_nom,titulaire_region_code,"
    "titulaire_region_nom,titulaire_latitude,titulaire_longitude,modification_id,"
    "donneesActuelles,sourceDataset,sourceFile"
).split(",")


def write_decp(rows: int, folder: Path) -> Path:
    """About ``rows`` DECP rows: versions, groupements, our SIRET in 40 of them."""
    rng = random.Random(SEED + 1)
    path = folder / "decp.csv"
    buyers = [(f"2{rng.randrange(10**11, 10**12)}0", rng.choice(BUYERS).format(t),
               rng.choice(DEPTS)) for t in TOWNS for _ in range(120)]
    written = 0
    n = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(DECP_COLUMNS)
        while written < rows:
            n += 1
            buyer, name, dept = rng.choice(buyers)
            cid = f"2025-{n:07d}"
            title, cpv = rng.choice(OBJECTS)
            notified = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 2500))
            members = [f"4{rng.randrange(10**11, 10**12)}0"]
            if rng.random() < 0.05:
                members.append(f"5{rng.randrange(10**11, 10**12)}0")
            if n % 2500 == 0:
                members[0] = SIRET.lstrip("0")
            versions = 2 if rng.random() < 0.1 else 1
            for version in range(versions):
                for member in members:
                    row = {c: "" for c in DECP_COLUMNS}
                    row.update({
                        "uid": buyer + cid, "id": cid, "nature": "Marché", "acheteur_id": buyer,
                        "acheteur_nom": name, "titulaire_id": member,
                        "titulaire_typeIdentifiant": "SIRET",
                        "titulaire_nom": f"Société {member[-5:]}", "objet": title,
                        "montant": rng.choice(["45000.0", "120000.0", "9999999.0", "80000.0"]),
                        "codeCPV": cpv, "procedure": "Procédure adaptée",
                        "techniques": "Sans objet", "dureeMois": str(12 * (1 + version)),
                        "dateNotification": (notified + timedelta(days=200 * version))
                        .isoformat(), "considerationsSociales": rng.choice(
                            ["Sans objet", "Sans objet", "Clause sociale"]),
                        "considerationsEnvironnementales": "Sans objet",
                        "typeGroupementOperateurs": "Conjoint" if len(members) > 1
                        else "Pas de groupement", "lieuExecution_code": dept,
                        "lieuExecution_typeCode": "Code département",
                        "acheteur_departement_code": dept, "modification_id": str(version),
                        "donneesActuelles": "true" if version == versions - 1 else "false",
                        "sourceDataset": "decp_aife", "sourceFile": "decp-2025.json",
                    })
                    writer.writerow([row[c] for c in DECP_COLUMNS])
                    written += 1
    return path


CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
from responder.services.workspace import open_session
from responder.domain.structure import Structure
kind, source, ws = sys.argv[1], sys.argv[2], sys.argv[3]
session = open_session(ws)
if not session.structures.list():
    session.structures.add(Structure(name="Bench", siret={siret!r}))
import time as cpu_time
cpu = cpu_time.process_time()
start = time.perf_counter()
if kind == "boamp":
    from responder.services.veille import VeilleService
    report = VeilleService(session).import_boamp(source).as_dict()
else:
    from responder.services.decp import DecpService
    report = DecpService(session).import_file(source, {siret!r}).as_dict()
elapsed = time.perf_counter() - start
session.close()
# VmHWM: the peak of this program (ru_maxrss would carry the parent's over the fork).
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM"))
print(json.dumps({{"seconds": elapsed, "cpu": cpu_time.process_time() - cpu, "rss_mb":
                  peak / 1024, "report": report}}))
"""


def run_child(kind: str, source: Path, workspace: Path) -> dict[str, Any]:
    code = CHILD.format(root=str(ROOT), siret=SIRET)
    out = subprocess.run([sys.executable, "-c", code, kind, str(source), str(workspace)],
                         capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def measure_list(workspace: Path) -> list[float]:
    from responder.domain.library import Reference
    from responder.services.veille import VeilleService
    from responder.services.workspace import open_session

    session = open_session(workspace)
    structure = session.structures.list()[0]
    assert structure.id is not None
    structure.address.postcode = "30100"
    structure = session.structures.update(structure)
    assert structure.id is not None
    for title, cpv in OBJECTS[:6]:
        session.references.add(Reference(structure_id=structure.id, title=title,
                                         cpv_codes=[cpv]))
    service = VeilleService(session)
    combos: list[dict[str, Any]] = [
        {}, {"departments": "30"}, {"departments": "30,34", "reserved_only": True},
        {"cpv_prefixes": "77"}, {"social_only": True}, {"text": "espaces verts"},
        {"text": "nettoyage", "departments": "13"}, {"deadline_within_days": 15},
        {"market_type": "travaux", "departments": "75"}, {"cpv_prefixes": "90,77",
                                                          "deadline_within_days": 30},
    ]
    times: list[float] = []
    for _ in range(20):
        for combo in combos:
            filters = service.filters(combo)
            start = time.perf_counter()
            service.notices(filters, structure.id, AS_OF)
            times.append(time.perf_counter() - start)
    session.close()
    return times


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=100_000)
    parser.add_argument("--decp", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="responder-bench-veille-") as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        csv_path, json_path = write_boamp(notices(args.notices), folder)
        decp_path = write_decp(args.decp, folder)
        print(f"load average before measuring: {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} CPUs")
        print(f"files generated in {time.perf_counter() - start:.1f} s: BOAMP CSV "
              f"{csv_path.stat().st_size / 2**20:.0f} MiB, JSON "
              f"{json_path.stat().st_size / 2**20:.0f} MiB, DECP "
              f"{decp_path.stat().st_size / 2**20:.0f} MiB")
        last_ws = folder / "ws-0.responder"
        for label, path in (("BOAMP CSV", csv_path), ("BOAMP JSON", json_path)):
            results = []
            for run in range(args.runs):
                ws = folder / f"ws-{label[-3:]}-{run}.responder"
                results.append(run_child("boamp", path, ws))
                last_ws = ws
            report = results[-1]["report"]
            print(f"import {label} ({report['read']} notices, {report['new']} new, "
                  f"{report['cancelled']} cancelled, {report['rejected']} rejected): median "
                  f"{statistics.median(r['seconds'] for r in results):.1f} s (CPU "
                  f"{statistics.median(r['cpu'] for r in results):.1f} s), peak RSS "
                  f"{max(r['rss_mb'] for r in results):.0f} MB (target <= 20 s, <= 300 MB)")
        times = measure_list(last_ws)
        print(f"veille list with filters ({len(times)} calls): median "
              f"{statistics.median(times) * 1000:.1f} ms, p95 {p95(times) * 1000:.1f} ms "
              "(target p95 <= 50 ms)")
        results = [run_child("decp", decp_path, folder / f"decp-{run}.responder")
                   for run in range(args.runs)]
        report = results[-1]["report"]
        print(f"import DECP ({report['read']} rows, {report['contracts']} contracts, "
              f"{report['own_contracts']} of our SIRET): median "
              f"{statistics.median(r['seconds'] for r in results):.1f} s (CPU "
              f"{statistics.median(r['cpu'] for r in results):.1f} s), peak RSS "
              f"{max(r['rss_mb'] for r in results):.0f} MB (target <= 30 s)")
        from responder.services.decp import DecpService
        from responder.services.workspace import open_session

        session = open_session(folder / "decp-0.responder")
        service = DecpService(session)
        start = time.perf_counter()
        found = service.renewals(12, AS_OF, ["30", "34"], ["77", "90"])
        radar = time.perf_counter() - start
        siret = service.buyers("", 1)[0][0]
        start = time.perf_counter()
        service.buyer_file(siret)
        buyer = time.perf_counter() - start
        session.close()
        print(f"renewal radar ({len(found)} contracts): {radar * 1000:.0f} ms; buyer file: "
              f"{buyer * 1000:.0f} ms; bench RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
