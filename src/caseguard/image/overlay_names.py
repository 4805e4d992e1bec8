"""Names standing alone on an image overlay: "OKAFOR", "Jane Obrien", "KOWALSKI~Olga".

Scanners and ultrasound machines print the patient's name as a bare line at the top or
along an edge, with no "Name:" label for the text engine to go on, and OCR often misreads
the DICOM caret of ``LAST^FIRST`` (as ``~``, ``A`` or nothing). Clinical overlay lines are
short too, but they are made of vocabulary: planes, views, sequences, body parts, vendor
names, measurements. So a short overlay line near the edge of the frame is taken as a
name when every word in it is name-shaped (capitalised letters, maybe joined by ``^ , ' -``)
and no word is overlay or medical vocabulary, nor a common English word that no name list
holds. Recall first: a surname the lists do not know is unknown, and so a name.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from caseguard.findings import Category, Finding, Span
from caseguard.image.ocr import Line
from caseguard.text import lexicon

__all__ = ["OVERLAY_TERMS", "is_name_line", "lone_name_findings"]

MAX_WORDS = 3
EDGE = 0.3  # a line within this fraction of the frame's height (or width) of an edge

# Words printed on overlays that are not names (case-folded). Many are also surnames
# ("Long", "Head", "Portal"), which is why they are listed rather than looked up.
OVERLAY_TERMS = frozenset("""
ap pa lat lateral oblique obl ax axial sag sagittal cor coronal trans transverse long
longitudinal rt lt right left bilat bilateral ant post anterior posterior sup inf superior
inferior med medial prox proximal dist distal upright erect supine prone decubitus decub
portable mobile scout localizer localiser topogram survey view views series image img
frame cine loop live freeze frozen zoom pan gain depth focus map dynamic range persist
mode harmonic thi doppler color colour power pw cw pwr flow vel velocity res frq freq gen
pen general rad radial ulnar flair dwi adc swi gre tse fse spgr mprage stir space vibe
haste trufi pd fs fatsat fat sat water inphase outphase opposed perfusion contrast
precontrast postcontrast arterial portal venous delayed late early phase nephrographic
excretory native plain axial hrct lung lungs bone soft tissue mediastinum mediastinal
window brain head neck chest thorax abdomen abdo pelvis spine cervical thoracic lumbar
sacrum coccyx skull face orbit orbits sinus sinuses liver spleen kidney kidneys renal
bladder uterus ovary ovaries prostate testis testes scrotum thyroid breast breasts
axilla heart cardiac aorta carotid carotids femoral popliteal venous shoulder elbow wrist
hand hands finger fingers hip hips knee knees ankle foot feet toe toes humerus femur tibia
fibula radius ulna pelvis clavicle rib ribs gallbladder pancreas bowel colon stomach
appendix fetus fetal foetal placenta cervix ga edd crl bpd hc ac fl efw afi mvp
mammo mammogram tomo tomosynthesis mlo cc xccl ml lm spot mag magnification implant
siemens philips toshiba canon hitachi samsung fujifilm fuji agfa carestream kodak hologic
esaote mindray sonosite konica minolta medison shimadzu ge healthcare aloka zonare
aquilion somatom ingenia achieva avanto skyra prisma vida signa revolution optima
discovery logiq voluson acuson epiq affiniti lightspeed biograph brilliance definition
force emotion sensation access invenia selenia dimensions
report dose summary total ctdi dlp mgy msv kv kvp ma mas ms sec mm cm slice thickness
pitch kernel filter reconstruction recon mip minip mpr vr vrt ssd average avg min max
standard std sharp smooth detail soft bone lung
upper lower mid pole lobe tail body neck endo mass lump nipple needle biopsy marker ruler
standing weight bearing swimmers frog sunrise skyline mortise townes waters caldwell
lauenstein judet merchant rosenberg grashey stryker zanca
subtraction echo apical parasternal subcostal suprasternal physio ecg resp gated
pelv kub ivu swallow fluoro angio sialogram hsg arthrogram myelogram venogram
hfs ffs hfp ffp rcc lcc rmlo lmlo sequoia aplio resona arietta lumify vivid healthineers
clarius butterfly
""".split())

_TOKEN = regex.compile(r"\p{L}[\p{L}'’^~`,.\-]*\p{L}\.?,?")


def is_name_line(line: Line) -> bool:
    """A short line made only of words that are neither vocabulary nor common."""
    words = [w.text for w in line.words]
    if not 1 <= len(words) <= MAX_WORDS:
        return False
    return all(_TOKEN.fullmatch(w) is not None and _name_like(w) for w in words)


def _name_like(token: str) -> bool:
    parts = [p for p in regex.split(r"[^\p{L}']+", token.casefold()) if p]
    if not parts or sum(len(p) for p in parts) < 2:
        return False
    # Every part must be a possible name: "SMITH^JOHN" is, "LIVER^PORTAL" is not.
    return all(not _vocabulary(p) for p in parts)


def _vocabulary(word: str) -> bool:
    word = word.strip("'")
    if len(word) < 2 or word in OVERLAY_TERMS:
        return True
    if lexicon.is_personal_name(word):
        return lexicon.is_only_medical(word)
    return lexicon.is_medical(word) or lexicon.common_word(word) or _compound(word)


def _compound(word: str) -> bool:
    """Overlay terms run together by OCR ("RTKIDNEY", "LONGAXIS"): two or three pieces, each
    an overlay term or a medical word (not merely common English, so "Tanaka" stays whole)."""
    def term(piece: str) -> bool:
        return len(piece) >= 2 and (piece in OVERLAY_TERMS or lexicon.is_medical(piece))

    n = len(word)
    for i in range(2, n - 1):
        if not term(word[:i]):
            continue
        if term(word[i:]) or any(term(word[i:j]) and term(word[j:]) for j in range(i + 2, n - 1)):
            return True
    return False


def at_edge(line: Line, size: tuple[int, int]) -> bool:
    """Overlay positions: a band along the top, bottom, left or right of the frame."""
    height, width = size
    x0, y0, x1, y1 = line.box
    return (
        y1 <= EDGE * height or y0 >= (1 - EDGE) * height
        or x1 <= EDGE * width or x0 >= (1 - EDGE) * width
    )


def lone_name_findings(
    lines: list[Line], size: tuple[int, int], index: list[tuple[tuple[int, int], int, int]],
) -> Iterable[Finding]:
    """A NAME finding over each short name line at the edge of a ``(height, width)`` frame.

    ``index`` maps each (line, word) to its character span in the joined text.
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    for (li, _), start, end in index:
        spans.setdefault(li, []).append((start, end))
    for li, line in enumerate(lines):
        if li in spans and at_edge(line, size) and is_name_line(line):
            start, end = spans[li][0][0], spans[li][-1][1]
            yield Finding(Category.NAME, Span(start, end), line.text, "overlay-lone-name", 0.7,
                          "a short line of unknown capitalised words at the edge of the image")
