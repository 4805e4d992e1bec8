"""Initials standing for a person: "J.S.", "J. S.", "pt JS", "Heather Hall (HH)"."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from caseguard.findings import Category, Finding
from caseguard.text import gates, lexicon
from caseguard.text.base import Detector
from caseguard.text.document import Document

__all__ = ["DETECTORS", "InitialsDetector"]

_MEDICAL_ACRONYMS = lexicon.MEDICAL_ACRONYMS
_DIGIT_AFTER = regex.compile(r"\s*\d")
_WORD = regex.compile(r"[\p{L}][\p{L}'’-]*")
_INITIALS_STOP = frozenset(
    "u.s. u.k. a.m. p.m. e.g. i.e. n.b. p.o. i.v. i.m. s.c. b.i.d. t.i.d. q.i.d. q.d. "
    "p.r.n. d.c. n.y. l.a. u.n. a.d. b.c. r.i.p. o.d. o.s. o.u. a.s. a.u. c.f. v.s. "
    "s.p. h.s. n.p.o. d.o. m.d. r.n. p.a. b.s. m.s. b.a. ph.d. q.h.s. c.o. h.o. g.u. y.o. "
    "g.i. u.o. o.r. n.c. r.t. i.d. p.s. a.c. p.t. d.l. t.o. h.l. i.s. t.d. c.i. o.t. s.l. "
    "w.c. d.w. n.g. o.g. e.t. a.f. v.f. v.t. b.p. h.r. r.r. l.e. u.e. r.l.q. l.l.q. r.u.q. "
    "l.u.q. c.t. m.r. c.x.r. a.k.a. e.r. i.c.u. o.b. g.y.n. e.n.t. w.n.l. n.a.d. s.o.b.".split()
)
# not written onto a number ("3L. O2Sat": litres, then oxygen) or into a word ("I. X-ray")
_DOTTED = regex.compile(
    r"(?<![\p{L}\d.])"
    r"(?:(?:\p{Lu}\.\s?){2,3}(?!\p{L})|\p{Lu}\.\s?\p{Lu}(?![\p{L}\d.]|-\p{L}))"
)
_AFTER_INITIALS = regex.compile(
    r"\binitials\s*[:\-]?\s*((?:[\p{L}]\.?\s?){2,3})(?![\p{L}])", regex.IGNORECASE
)
_PERSON_AFTER = regex.compile(
    r"\s*(?:,\s*(?:an?\s|aged\s|\d)|consented|(?:is|was)\s+an?\s+\d|\(|an?\s+\d)"
)
# ", a 9-day-old", ", aged 40": the letters are described as a person, whatever they spell
_DESCRIBED_AFTER = regex.compile(r"\s*,\s*(?:an?\s+\d|aged\s+\d|\d{1,3}\s*(?:y|,))")
# "image of pt JS", "MRI of patient KL": letters after "of pt" are whose the images are
_OF_PT = regex.compile(r"(?i:\bof)\s+$")
# words that "pt" is followed by and that stay words even where a person is described
_FUNCTION_WORDS = frozenset("is was has had who now also then in on at to and or for with".split())
# "pt is consented": English, where "PT AM CONSENTED" is a person's initials
_CONSENTED_WORDS = frozenset("is was has had who now also then not".split())
# what follows "pt" in notes and is never a person: "pt CT", "pt NPO"
_AFTER_PT_ACRONYMS = frozenset(
    """ct mr mri us ed er or icu ccu iv po pr ng og pt ot dnr dni npo nad sob ok no hx dx rx tx
    sx fx bx to is was in on at has had oob nt tol rec con ams uo ps tv hr np vss mae rr bp sbp
    dbp map cvp afib nsr sr st sb max min mod asa cdb nts ntsd tf tfs abx gtt prn noc""".split()
)
_PARENTHESISED = regex.compile(r"\p{L}\s\(((?:\p{L}\.?\s?){2,3})\)")
_CUED = regex.compile(
    r"\b(?i:pt|patient|initials|mr|mrs|ms|miss|baby|infant|subject)\.?\s*[:\-]?\s+"
    r"(\p{Lu}{2,3}|\p{Ll}{2,3})\b(?!\.\p{L})",
)
# "a 34-year-old (AM)", "Mr Carter (S. C.)": letters in brackets after a person
_AFTER_PERSON = regex.compile(
    r"(?i:year-old|years?\s+old|yo|y/o|man|woman|male|female|boy|girl|neonate|infant|child|"
    r"baby|teacher|worker|patient|pt|mr|mrs|ms|miss|(?<!\p{L})[mf])\s*\(((?:\p{L}\.?\s?){2,3})\)"
    # "a 52-year-old smoker (J.C.)", "A 67-YEAR-OLD FARMER (J.S)": an age, a word or two
    r"|(?i:year-old|years?\s+old|yo|y/o)(?:\s+[\p{L}-]+){1,2}\s*\(((?:\p{L}\.?\s?){2,3})\)"
)
# what cannot be a person even where a person is expected ("pt CT consented" is not said)
_NEVER_PERSON = frozenset("ct mr mri us ed er or icu ccu".split())


def _name_like(word: str) -> bool:
    folded = word.casefold()
    return lexicon.is_personal_name(folded) or not (
        lexicon.is_medical(folded) or lexicon.common_word(folded)
    )


# the single pass over each text tells which of these may match (see `gates`)
gates.prefilter(_DOTTED, _CUED, _AFTER_INITIALS, _AFTER_PERSON, _PARENTHESISED)


class InitialsDetector(Detector):
    """Initials standing for a person: "J.S.", "J. S.", "pt JS"."""

    name = "initials"
    categories = frozenset({Category.INITIALS})

    def detect(self, doc: Document) -> Iterator[Finding]:
        for match in doc.finditer(_DOTTED):
            value = match.group().strip()
            letters = value.casefold().replace(" ", "")
            bare = letters.replace(".", "")
            if letters in _INITIALS_STOP or (
                doc.upper_case and (bare in _MEDICAL_ACRONYMS or lexicon.is_medical(bare))
            ):
                continue
            if not value.endswith(".") and (
                doc.upper_case or bare in _MEDICAL_ACRONYMS or f"{letters}." in _INITIALS_STOP
            ):
                continue  # "U.O", "P.S" in notes written in capitals
            yield self.finding(
                doc, match.start(), match.start() + len(value), Category.INITIALS, 0.8,
                "capital letters with periods",
            )
        for match in doc.finditer(_CUED):
            value = match.group(1)
            after = doc.text[match.end(1) : match.end(1) + 14].casefold()
            personal = bool(_PERSON_AFTER.match(after))
            consented = after.lstrip().startswith("consented")
            folded = value.casefold()
            described = folded not in _NEVER_PERSON and bool(
                _DESCRIBED_AFTER.match(after) or (
                    folded not in _FUNCTION_WORDS
                    and _OF_PT.search(doc.text, max(0, match.start() - 4), match.start())
                )
            )
            if value.islower() and not (doc.lower_case and (personal or described)):
                continue  # lower-case letters after "pt" are words unless the note is lower case
            if described:
                yield self.finding(
                    doc, match.start(1), match.end(1), Category.INITIALS, 0.8,
                    "letters after 'pt' described as a person, or whose images these are",
                )
                continue
            if consented and folded not in _NEVER_PERSON | _CONSENTED_WORDS:
                yield self.finding(
                    doc, match.start(1), match.end(1), Category.INITIALS, 0.8,
                    "letters after 'pt' that consent",
                )
                continue
            if personal and value.casefold() not in _NEVER_PERSON and (
                lexicon.word_frequency(value.casefold()) < 1e-4  # not "IS", "HE", "OLD"
            ):
                yield self.finding(
                    doc, match.start(1), match.end(1), Category.INITIALS, 0.8,
                    "letters after 'pt' that consent, or are described as a person",
                )
                continue
            if doc.upper_case and not (match.group().casefold().startswith("initials") or personal):
                continue  # "PT TOL" in a note written in capitals is not initials
            if value.casefold() in _AFTER_PT_ACRONYMS or (
                value.casefold() in _MEDICAL_ACRONYMS and not personal
            ) or _DIGIT_AFTER.match(after):
                continue
            if doc.upper_case and lexicon.common_word(value.casefold()):
                continue
            yield self.finding(
                doc, match.start(1), match.end(1), Category.INITIALS, 0.75,
                "capitals after 'pt' or a title",
            )
        for match in doc.finditer(_AFTER_INITIALS):
            value = match.group(1).rstrip()
            yield self.finding(
                doc, match.start(1), match.start(1) + len(value), Category.INITIALS, 0.9,
                "after 'initials'",
            )
        for match in doc.finditer(_AFTER_PERSON):
            group = 1 if match.group(1) is not None else 2
            value = match.group(group).strip()
            if "." not in value and value.replace(" ", "").casefold() in _NEVER_PERSON:
                continue  # "(CT)" is the scan, "(C. T.)" a person
            yield self.finding(
                doc, match.start(group), match.start(group) + len(value), Category.INITIALS, 0.8,
                "letters in brackets after a person",
            )
        for match in doc.finditer(_PARENTHESISED):
            value = match.group(1).strip()
            bare = value.replace(".", "").replace(" ", "").casefold()
            before = _WORD.findall(doc.text, max(0, match.start() - 40), match.start() + 1)
            words = before[-len(bare):] if before else []
            initials = "".join(w[0] for w in words).casefold()
            # a name's initials, not an abbreviation's: "acute lymphoblastic leukaemia (ALL)"
            initials = initials if any(_name_like(w) for w in words) else ""
            surname_initial = bool(before) and bare[-1:] == before[-1][0].casefold() and (
                before[-1][:1].isupper() or doc.lower_case
            ) and _name_like(before[-1])
            if len(bare) >= 2 and (initials == bare or surname_initial):
                yield self.finding(
                    doc, match.start(1), match.start(1) + len(value), Category.INITIALS, 0.85,
                    "the initials of the name before the brackets",
                )
                continue
            if bare in _MEDICAL_ACRONYMS or lexicon.is_medical(bare) or lexicon.common_word(bare):
                continue
            if not (value.isupper() or doc.lower_case):
                continue
            yield self.finding(
                doc, match.start(1), match.start(1) + len(value), Category.INITIALS, 0.6,
                "letters in brackets after a word",
            )


DETECTORS: tuple[type[Detector], ...] = (InitialsDetector,)
