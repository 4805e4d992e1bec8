"""Names of people (patients, staff, relatives) and their initials.

Names are the hard part; four signals are combined, strongest first:

1. context cues: a title ("Dr", "Mrs"), a relation ("his wife Maria"), a role or
   verb ("seen by", "per", "d/w"), a credential after the name ("Jo Bloggs, RN");
2. name dictionaries (US Census and Faker's name lists), trusted alone only for
   words that are not also common English or medical words;
3. adjacency: a name-like word next to a confident name is part of it;
4. default-deny, in mixed-case text only: a capitalised word in the middle of a
   sentence that is neither common English nor medical vocabulary is suspect.

Eponyms survive: a name word followed by "disease", "syndrome", "sign"... or a
possessive ("Crohn's") is clinical language unless a title or relation cue says
otherwise. In ALL-CAPS or lower-case text capitals carry no signal, so only the
dictionaries and cues decide there.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from caseguard.findings import Category, Finding
from caseguard.text import lexicon
from caseguard.text.base import Detector
from caseguard.text.document import Document, Token

__all__ = ["DETECTORS", "InitialsDetector", "NameDetector"]

STOP = frozenset(
    """a an the and or but nor of in on at to for from by with without into onto upon over under
    is was were are be been being am has had have having do does did not no yes as than then
    that this these those there here it its he she his her him hers they them their we our you
    your i me my mine who whom whose which what when where why how all any both each few more
    most other some such only own same so too very can will just should now also per via re
    up down out off again further once about above below between through during before after
    pt pts patient patients family visit visited visiting call called calling spoke aware
    notified updated informed paged discussed seen note noted report reported present
    at bedside home today tonight yesterday tomorrow am pm x""".split()
) | frozenset(
    """wife husband son daughter mother father brother sister partner spouse friend niece
    nephew aunt uncle family members daughters sons dtr monday tuesday wednesday thursday
    friday saturday sunday january february april june july august september october november
    december english french spanish german italian portuguese russian chinese mandarin
    cantonese arabic hindi urdu punjabi bengali polish greek turkish vietnamese korean
    japanese creole haitian somali swahili farsi persian hebrew yiddish dutch swedish
    american british irish scottish welsh canadian australian african asian european
    hispanic latino latina caucasian christian muslim jewish catholic protestant""".split()
)

RELATIONS = (
    "wife|husband|son|sons|daughter|daughters|dtr|dau|mother|mom|mum|father|dad|brother|bro|"
    "sister|sis|partner|spouse|fiance|fiancee|boyfriend|girlfriend|friend|niece|nephew|aunt|"
    "uncle|cousin|grandson|granddaughter|grandaughter|grandchild|grandmother|grandma|"
    "grandfather|grandpa|stepson|stepdaughter|stepmother|stepfather|son-in-law|"
    "daughter-in-law|brother-in-law|sister-in-law|mother-in-law|father-in-law|hcp|proxy|"
    "guardian|neighbor|neighbour|caregiver|carer|companion|roommate|landlord|employer|sibling|"
    "next\\s+of\\s+kin|nok|emergency\\s+contact"
)
WEAK_CUES = frozenset(
    "by with from per called name named patient pt pt. contact cc c.c. mr mr.".split()
)
ROLE_CUES = (
    r"seen\s+by|reviewed\s+by|examined\s+by|referred\s+by|reported\s+by|dictated\s+by|"
    r"signed\s+by|read\s+by|performed\s+by|transcribed\s+by|verified\s+by|attending|"
    r"resident|fellow|intern|registrar|consultant|surgeon|radiologist|physician|"
    r"cardiologist|oncologist|neurologist|np|rn|lpn|pa|md|spoke\s+(?:with|to)|"
    r"discussed\s+with|d/w|talked\s+(?:with|to)|paged|per|called|notified|informed|"
    r"cc|c\.c\.|contact|contact\s+person|attn|name|named|patient|pt|pt\.|mr\.?|"
    r"patient\s+name|pt\s+name|by|with|from"
)
# first names that are everyday words: names only with a cue or a surname beside them
WORD_NAMES = frozenset(
    """will may mark bill rich grace hope june art rose pat don guy ray sue joy faith dawn
    april august summer autumn sky rusty buck chase chip clay cliff dale dean drew earl
    ernest frank gene glen grant hunter iris ivy jack jay jewel king lane lee lily miles
    norm penny pearl robin rocky rod sandy stone victor wade ward wood heather holly
    amber crystal ginger honey star sunny brook brooke river rock chance christian
    constance destiny harmony justice liberty major mason page parker royal sage
    spencer taylor tucker walker rich bob max patience prudence charity mercy""".split()
)
# words that follow a staff member's name in notes: "E. WELSH AWARE"
_AFTER_NAME = frozenset(
    """aware notified called paged spoke updated informed ordered wants said rrt rn md np
    pa in here present""".split()
)
_AGE_OR_VERB = regex.compile(
    r"(?:,\s*\d{1,3}\s*[,)]|\s+(?:is|was)\s+(?:a|an)\s+\d{1,3}[\s-]*(?:y|year|month|week|day))",
    regex.IGNORECASE,
)
# verbs after a sentence-initial name: "Tomomi is from...", "Dzhambek spent a year..."
_PERSON_VERBS = frozenset(
    """is was has had spent said says reported presented visited lives lived came went
    works worked moved told asked wants wanted agreed declined refused""".split()
)
CREDENTIALS = frozenset(
    "md m.d rn np pa-c lpn crnp aprn mbbs mbchb frcr frcs frcp facr phd dpt rrt crna dnp "
    "fracp franzcr".split()
)
EPONYM_HEADS = frozenset(
    """syndrome disease sign palsy cyst lymphoma fracture test tumor tumour ulcer phenomenon
    reflex maneuver manoeuvre triad procedure operation hernia line lines anomaly malformation
    sarcoma disorder dystrophy ataxia classification score scale criteria node nodes cell cells
    body bodies esophagus oesophagus diverticulum deformity neuralgia encephalopathy arthritis
    anemia anaemia fever type variant law canal duct gland space pouch angle triangle fossa
    foramen ligament tubercle sheath stage staging grade grading system index method view
    position technique needle catheter tube shunt drain stent valve repair lesion nodule
    aneurysm fistula cirrhosis thyroiditis esophagitis pneumonia abscess paresis tumours
    tumors cysts fractures nerve artery vein muscle bone joint phase effect angina hump
    lines""".split()
)
_RELATION_RE = regex.compile(
    rf"\b(?:{RELATIONS})\b(?:'s)?\s*(?:[,:\-–(]|\s)\s*(?:is\s+|named\s+|called\s+|"
    rf"(?:mr|mrs|ms|miss)\.?\s+)?",
    regex.IGNORECASE,
)
_ROLE_FWD = regex.compile(rf"\b(?:{ROLE_CUES})\s*[:.#]?\s*(?=\S)", regex.IGNORECASE)
_WORDLIKE = regex.compile(r"^[\p{L}][\p{L}'’\-]*$")
# "Patient: BEST, Heather", "Name: sophia meads"
_LABEL_CUE = regex.compile(
    r"\b(?:patient(?:'s)?\s+name|pt\s+name|full\s+name|name|patient|next\s+of\s+kin|nok|"
    r"emergency\s+contact|contact\s+person|signed|reported\s+by|dictated\s+by)\s*:\s*",
    regex.IGNORECASE,
)
# "-- T. Mills", "— Dr Jo Bloggs": a sign-off at the start of a line
_SIGNATURE = regex.compile(r"(?m)(?:^|\s)(?:--|—|–)\s*(?=\p{L})")
_SURNAME_FIRST = regex.compile(r"\b(\p{Lu}[\p{L}'’-]+),\s+(\p{Lu}[\p{L}'’-]+)\b")


class _Scored:
    __slots__ = ("cue", "score", "why")

    def __init__(self) -> None:
        self.score = 0.0
        self.why = ""
        self.cue = False

    def raise_to(self, score: float, why: str, cue: bool = False) -> None:
        if score > self.score:
            self.score, self.why = score, why
        self.cue = self.cue or cue


class NameDetector(Detector):
    """Names of patients, staff and relatives."""

    name = "names"
    categories = frozenset({Category.NAME})

    def detect(self, doc: Document) -> Iterator[Finding]:
        tokens = doc.tokens
        if not tokens:
            return
        caseless = doc.upper_case or doc.lower_case
        scores = [_Scored() for _ in tokens]
        self._cues(doc, tokens, scores)
        self._first_last(doc, tokens, scores, caseless)
        self._dictionary(doc, tokens, scores, caseless)
        self._adjacency(doc, tokens, scores, caseless)
        self._eponyms(doc, tokens, scores)
        yield from self._emit(doc, tokens, scores)

    # -- signals ---------------------------------------------------------------

    def _cues(self, doc: Document, tokens: list[Token], scores: list[_Scored]) -> None:
        text = doc.text
        for i, tok in enumerate(tokens):
            word = tok.text.casefold()
            if word not in lexicon.TITLES or text[tok.end : tok.end + 1] in {":", "/", "-"}:
                continue  # "MS: sedated", "MS/neuro" are mental status, not Ms
            if i + 1 >= len(tokens) or not _after_title(tokens[i + 1]):
                continue
            if word in {"mr", "ms"} and (
                tok.text.isupper() or doc.upper_case or doc.lower_case
            ) and not (
                _name_listed(tokens[i + 1])
                and not lexicon.common_word(_base(tokens[i + 1].text.casefold()))
            ) and not _followed_by_period(text, tok):
                continue  # "MR" mitral regurgitation, "MS" mental status
            if (
                not _is_name_word(word) or _followed_by_period(text, tok)
                or (tok.is_title and tokens[i + 1].is_title)
            ):
                self._take_after(doc, tokens, scores, i + 1, 0.95, f"title {tok.text!r}", 3)
        for match in _RELATION_RE.finditer(text):
            j = _token_at(tokens, match.end())
            if j is not None and _is_candidate(tokens[j], relaxed=True) and _after_relation(
                tokens[j]
            ):
                self._take_after(
                    doc, tokens, scores, j, 0.9, f"relation {match.group().strip()!r}", 2
                )
        starts = {tok.start: i for i, tok in enumerate(tokens)}
        for cue in _ROLE_FWD.finditer(text):
            i = starts.get(cue.end(), -1)
            if i <= 0 or not _is_candidate(tokens[i]):
                continue
            tok = tokens[i]
            word = _base(tok.text.casefold())
            named = lexicon.is_first_name(word) or word in lexicon.last_names()
            plain = not lexicon.common_word(word)
            weak = " ".join(cue.group().casefold().split()).rstrip(":.# ") in WEAK_CUES
            if weak:
                plain = plain and not lexicon.is_medical(word)
            if named and (plain or (tok.is_title and not weak)):
                cue_text = " ".join(cue.group().split())
                self._take_after(
                    doc, tokens, scores, i, 0.8, f"after {cue_text!r}", 2, strong=not weak
                )
        for i, tok in enumerate(tokens):
            if tok.text.casefold().replace(".", "") in CREDENTIALS and i > 0:
                gap = text[tokens[i - 1].end : tok.start]
                if "," in gap or gap.strip() == "":
                    self._signature(doc, tokens, scores, i, f"credential {tok.text!r} after")
        for match in _LABEL_CUE.finditer(text):
            j = _token_at(tokens, match.end())
            if j is not None and _is_candidate(tokens[j], relaxed=True) and _after_title(
                tokens[j]
            ):
                self._take_after(doc, tokens, scores, j, 0.85, "after a name label", 3)
        for i, tok in enumerate(tokens[:-1]):
            if tok.text.casefold().endswith(("'s", "’s")) and _RELATION_WORD.fullmatch(
                tokens[i + 1].text
            ) and _after_title(tok) and _base(tok.text.casefold()) not in STOP | {"patient", "pt"}:
                scores[i].raise_to(0.85, f"possessive before {tokens[i + 1].text!r}", cue=True)
        for match in _SIGNATURE.finditer(text):
            j = _token_at(tokens, match.end())
            if j is not None:
                self._take_after(doc, tokens, scores, j, 0.85, "signature line", 3)
        for match in _SURNAME_FIRST.finditer(text):
            surname, first = match.group(1).casefold(), match.group(2).casefold()
            capitals = match.group(1).isupper() and match.group(2).isupper()
            if surname in lexicon.last_names() and first in lexicon.first_names() and (
                first not in WORD_NAMES
            ) and not (capitals and (
                lexicon.common_word(surname) or lexicon.common_word(first)
                or lexicon.is_only_medical(surname)
            )):
                for k, tok in enumerate(tokens):
                    if match.start() <= tok.start < match.end():
                        scores[k].raise_to(0.8, "'Surname, First name'", cue=True)
        for i, tok in enumerate(tokens[:-1]):
            # "E. WELSH AWARE", "Z. Miller": an initial and a full stop before a surname
            nxt = tokens[i + 1]
            if (
                len(tok.text) == 1 and tok.text.isalpha()
                and text[tok.end : nxt.start] == ". " and _after_title(nxt)
                and not lexicon.common_word(_base(nxt.text.casefold()))
                and len(nxt.text) > 2
                and (_name_listed(nxt) or (
                    not (doc.upper_case or doc.lower_case)
                    and not lexicon.is_medical(_base(nxt.text.casefold()))
                    and not _unknown_but_not_a_name(nxt.text)
                ))
            ):
                scores[i].raise_to(0.7, "initial before a surname", cue=True)
                scores[i + 1].raise_to(0.7, "surname after an initial", cue=True)
            elif (
                len(tok.text) == 1 and tok.text.isalpha() and text[tok.end : nxt.start] == ". "
                and _name_listed(nxt) and i + 2 < len(tokens)
                and tokens[i + 2].text.casefold() in _AFTER_NAME
            ):
                scores[i].raise_to(0.7, "initial, surname and 'aware'", cue=True)
                scores[i + 1].raise_to(0.7, "initial, surname and 'aware'", cue=True)

    def _signature(
        self, doc: Document, tokens: list[Token], scores: list[_Scored], i: int, why: str
    ) -> None:
        """Up to three name-like words before a credential: "Dan A. Forman-Lyons, RRT"."""
        marked: list[int] = []
        for j in range(i - 1, max(-1, i - 4), -1):
            tok = tokens[j]
            if "\n" in doc.text[tok.end : tokens[j + 1].start]:
                break
            word = _base(tok.text.casefold())
            initial = len(tok.text) == 1 and tok.text.isalpha()
            if not (initial or (_is_candidate(tok) and _after_title(tok) and (
                not lexicon.common_word(word) and not word.endswith(("'d", "’d"))
            ))):
                break
            marked.append(j)
        if any(len(tokens[j].text) > 1 for j in marked):
            for j in marked:
                scores[j].raise_to(0.85, why, cue=True)

    def _first_last(
        self, doc: Document, tokens: list[Token], scores: list[_Scored], caseless: bool
    ) -> None:
        """"Mary Johnson", "Jane D.": a first name with a surname or an initial after it."""
        text = doc.text
        for i, tok in enumerate(tokens[:-1]):
            word = _base(tok.text.casefold())
            if word not in lexicon.first_names() or word in WORD_NAMES or len(word) < 2:
                continue
            if not caseless and not tok.is_title:
                continue
            nxt = tokens[i + 1]
            gap = text[tok.end : nxt.start]
            if gap != " ":
                continue
            nxt_word = _base(nxt.text.casefold())
            initial = len(nxt.text) == 1 and nxt.text.isupper() and (
                text[nxt.end : nxt.end + 1] == "."
            )
            surname = (
                (nxt.is_title or caseless) and nxt_word in lexicon.last_names()
                and nxt_word not in STOP and nxt_word not in EPONYM_HEADS
                and (not caseless or (
                    not lexicon.common_word(nxt_word) and not lexicon.is_medical(nxt_word)
                ))
            )
            if initial or surname:
                why = "first name and initial" if initial else "first name and surname"
                scores[i].raise_to(0.8, why)
                scores[i + 1].raise_to(0.8, why)

    def _take_after(
        self, doc: Document, tokens: list[Token], scores: list[_Scored],
        start: int, score: float, why: str, limit: int, strong: bool = True,
    ) -> None:
        """Mark the name that follows a cue: its first word, then name-like words after it.

        A weak cue ("with", "from") leaves the words open to the eponym check."""
        taken = 0
        j = start
        while j < len(tokens) and taken < limit:
            tok = tokens[j]
            if j > start and "\n" in doc.text[tokens[j - 1].end : tok.start]:
                break
            if j > start and _BREAK.search(doc.text, tokens[j - 1].end, tok.start):
                break
            first = taken == 0
            if not _is_candidate(tok, relaxed=first):
                break
            if not first and not _continues_name(tok, doc):
                break
            scores[j].raise_to(score, why, cue=strong)
            taken += 1
            j += 1

    def _dictionary(
        self, doc: Document, tokens: list[Token], scores: list[_Scored], caseless: bool
    ) -> None:
        first_names, last_names = lexicon.first_names(), lexicon.last_names()
        for i, tok in enumerate(tokens):
            if len(tok.text) < 2 or not _WORDLIKE.match(tok.text):
                continue
            word = _base(tok.text.casefold())
            if word in STOP:
                continue
            listed = word in first_names or word in last_names
            plain = not lexicon.common_word(word) and not lexicon.is_medical(word)
            if caseless:
                # capitals carry no signal: trust the lists only for words long enough
                # not to be a clinical abbreviation ("vea", "fent", "riss")
                if listed and plain and len(word) >= (3 if word in first_names else 5):
                    scores[i].raise_to(0.6, "name dictionary")
                continue
            if tok.is_title:
                start = doc.sentence_start(i)
                if (
                    start and not listed and plain and len(word) >= 3
                    and lexicon.word_frequency(word) < 1e-6 and not _clinical_compound(word)
                    and not _unknown_but_not_a_name(tok.text) and i + 1 < len(tokens)
                    and tokens[i + 1].text.casefold() in _PERSON_VERBS
                ):
                    scores[i].raise_to(0.4, "unknown capitalised word before a verb of a person")
                if (
                    start and word in first_names and word not in WORD_NAMES
                    and not lexicon.is_only_medical(word) and _AGE_OR_VERB.match(
                        doc.text, tok.end
                    )
                ):
                    scores[i].raise_to(0.6, "first name opening a sentence about a person")
                if listed and plain:
                    scores[i].raise_to(0.65 if start else 0.8, "capitalised dictionary name")
                elif (
                    word in first_names and word not in WORD_NAMES and not start
                    and not lexicon.is_medical(word) and lexicon.word_frequency(word) < 2e-4
                ):
                    scores[i].raise_to(0.7, "capitalised first name")
                elif (
                    not start and plain and len(word) >= 3
                    and lexicon.word_frequency(word) < 1e-6
                    and not _clinical_compound(word) and not _unknown_but_not_a_name(tok.text)
                ):
                    scores[i].raise_to(0.45, "capitalised word that is not English or medical")
            elif tok.is_upper and len(word) >= 3 and listed and plain:
                scores[i].raise_to(0.5, "name dictionary (capitals)")
            elif listed and plain and len(word) >= 3:
                # a lower-case word in mixed-case text is rarely a name: reported only when
                # a cue or a neighbouring name lifts it
                scores[i].raise_to(0.25, "name dictionary (lower case)")

    def _adjacency(
        self, doc: Document, tokens: list[Token], scores: list[_Scored], caseless: bool
    ) -> None:
        text = doc.text
        for _ in range(2):
            for i, tok in enumerate(tokens):
                if scores[i].score >= 0.6 or not _is_candidate(tok):
                    continue
                for j in (i - 1, i + 1):
                    if not 0 <= j < len(tokens) or scores[j].score < 0.6:
                        continue
                    left, right = (tokens[j], tok) if j < i else (tok, tokens[j])
                    gap = text[left.end : right.start]
                    if gap not in {" ", ". ", ".", "-"} and not (
                        gap == ", " and j > i and _name_listed(tok)
                    ):
                        continue
                    word = tok.text.casefold()
                    if caseless:
                        ok = _name_listed(tok) and word not in STOP
                    else:
                        ok = (tok.is_title or len(tok.text) == 1) and (
                            _name_listed(tok) or lexicon.word_frequency(word) < 1e-6
                            or len(tok.text) == 1
                        )
                    if ok:
                        scores[i].raise_to(0.7, f"next to the name {tokens[j].text!r}")
                        break

    def _eponyms(self, doc: Document, tokens: list[Token], scores: list[_Scored]) -> None:
        text = doc.text
        for i, tok in enumerate(tokens):
            if scores[i].score == 0 or scores[i].cue:
                continue
            word = tok.text.casefold().removesuffix("'s").removesuffix("’s")
            after = text[tok.end : tok.end + 3]
            nxt = tokens[i + 1].text.casefold() if i + 1 < len(tokens) else ""
            nxt2 = tokens[i + 2].text.casefold() if i + 2 < len(tokens) else ""
            possessive = tok.text.casefold().endswith(("'s", "’s")) or after.startswith(("'", "’"))
            nxt3 = tokens[i + 3].text.casefold() if i + 3 < len(tokens) else ""
            if nxt in EPONYM_HEADS or (possessive and word in lexicon.eponyms()) or (
                nxt2 in EPONYM_HEADS and tokens[i + 1].is_title and not _name_listed(tokens[i + 1])
            ) or _ROMAN.fullmatch(tokens[i + 1].text if i + 1 < len(tokens) else "") or (
                nxt in {"and", "&"} and nxt3 in EPONYM_HEADS
            ) or (i > 1 and tokens[i - 1].text.casefold() in {"and", "&"}
                  and nxt in EPONYM_HEADS):
                scores[i].score = 0.0
            elif word in lexicon.eponyms() and word in lexicon.medical_words():
                scores[i].score = min(scores[i].score, 0.2)

    def _emit(
        self, doc: Document, tokens: list[Token], scores: list[_Scored]
    ) -> Iterator[Finding]:
        i = 0
        while i < len(tokens):
            if scores[i].score < 0.3:
                i += 1
                continue
            j = i
            while (
                j + 1 < len(tokens) and scores[j + 1].score >= 0.3
                and doc.text[tokens[j].end : tokens[j + 1].start] in {" ", ". ", "-", "."}
            ):
                j += 1
            best = max(scores[i : j + 1], key=lambda s: s.score)
            yield self.finding(
                doc, tokens[i].start, tokens[j].end, Category.NAME, best.score, best.why
            )
            i = j + 1


# word endings of English and drug vocabulary that unknown names rarely have
_NOT_NAME_ENDINGS = (
    "ing", "ed", "tion", "sion", "ment", "ness", "able", "ible", "ive", "ous", "ide", "ase",
    "itis", "ology", "emia", "uria", "ectomy", "otomy", "olol", "pril", "mab", "nib", "one",
    "ium", "ate", "ally", "ful", "less", "ical",
)


def _unknown_but_not_a_name(token: str) -> bool:
    """An unknown word whose shape says it is not a name: "Transfusing", "PAsat"."""
    word = token.casefold()
    if word.endswith(_NOT_NAME_ENDINGS):
        return True
    inner = token[1:]
    # internal capitals ("PAsat", "BiLevel") except Mc/Mac/O'/De prefixes
    return any(c.isupper() for c in inner) and not _NAME_PREFIX.match(token)


_RELATION_WORD = regex.compile(RELATIONS, regex.IGNORECASE)
_BREAK = regex.compile(r"[,;:()]")
_NAME_PREFIX = regex.compile(r"(?:Mc|Mac|O'|O’|De|Di|Da|La|Le|Van|Von)\p{Lu}")
_COMPOUND_SPLIT = regex.compile(r"[-/]")
_DIGIT_AFTER = regex.compile(r"\s*\d")
_WORD = regex.compile(r"[\p{L}][\p{L}'’-]*")
_ROMAN = regex.compile(r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X)[abcABC]?")


def _clinical_compound(word: str) -> bool:
    """"MR-conditional", "SUVmax": a compound with a clinical or everyday part."""
    parts = [p for p in _COMPOUND_SPLIT.split(word) if p]
    if len(parts) > 1 and any(
        lexicon.is_medical(p) or lexicon.common_word(p) or p in _MEDICAL_ACRONYMS for p in parts
    ):
        return True
    return any(word.startswith(a) and len(a) >= 2 for a in ("suv", "ctdi", "dlp", "hba1c"))


def _base(word: str) -> str:
    return word.removesuffix("'s").removesuffix("’s")


def _after_title(tok: Token) -> bool:
    """The word after "Dr": anything name-like, but not plain English or clinical words."""
    word = _base(tok.text.casefold())
    if _is_name_word(word) or tok.is_title:
        return True
    # the lexicon, not word endings: "Dr Bakaitis" ends like a disease but is a name
    return not lexicon.common_word(word) and word not in lexicon.medical_words()


def _after_relation(tok: Token) -> bool:
    """The word after "his wife": a first name, or a word that is not English or medical."""
    word = _base(tok.text.casefold())
    if word.endswith(("'d", "’d")):
        return False
    if lexicon.is_first_name(word) and (
        tok.is_title or lexicon.word_frequency(word) < 2e-4 or not lexicon.common_word(word)
    ):
        return True
    return not lexicon.common_word(word) and not lexicon.is_medical(word)


def _is_name_word(word: str) -> bool:
    return word in lexicon.first_names() or word in lexicon.last_names()


def _name_listed(tok: Token) -> bool:
    word = tok.text.casefold()
    return word in lexicon.first_names() or word in lexicon.last_names()


def _followed_by_period(text: str, tok: Token) -> bool:
    return text[tok.end : tok.end + 1] == "."


def _is_candidate(tok: Token, relaxed: bool = False) -> bool:
    """Could this token be (part of) a name at all?"""
    return _candidate(tok.text, relaxed)


@cache
def _candidate(text: str, relaxed: bool) -> bool:
    word = text.casefold()
    if not _WORDLIKE.match(text) or word in STOP or word in lexicon.TITLES:
        return False
    if word.endswith(("'d", "’d")) or (len(_base(word)) < 2 and len(word) > 1):
        return False
    if word in CREDENTIALS and not relaxed:
        return False
    if relaxed:
        return True
    return len(word) > 1 or text.isupper()


def _continues_name(tok: Token, doc: Document) -> bool:
    """After a cue's first word, is this one still part of the name?"""
    word = tok.text.casefold()
    if len(word) == 1:
        return True
    if _name_listed(tok) and not lexicon.common_word(word):
        return True
    if doc.upper_case or doc.lower_case:
        return _name_listed(tok) and not lexicon.is_medical(word)
    return tok.is_title and not lexicon.is_medical(word) and (
        _name_listed(tok) or lexicon.word_frequency(word) < 1e-6
    )


def _token_at(tokens: list[Token], offset: int) -> int | None:
    for i, tok in enumerate(tokens):
        if tok.start >= offset:
            return i
    return None


_INITIALS_STOP = frozenset(
    "u.s. u.k. a.m. p.m. e.g. i.e. n.b. p.o. i.v. i.m. s.c. b.i.d. t.i.d. q.i.d. q.d. "
    "p.r.n. d.c. n.y. l.a. u.n. a.d. b.c. r.i.p. o.d. o.s. o.u. a.s. a.u. c.f. v.s. "
    "s.p. h.s. n.p.o. d.o. m.d. r.n. p.a. b.s. m.s. b.a. ph.d. q.h.s. c.o. h.o. g.u. y.o. "
    "g.i. u.o. o.r. n.c. r.t. i.d. p.s. a.c. p.t. d.l. t.o. h.l. i.s. t.d. c.i. o.t. s.l. "
    "w.c. d.w. n.g. o.g. e.t. a.f. v.f. v.t. b.p. h.r. r.r. l.e. u.e. r.l.q. l.l.q. r.u.q. "
    "l.u.q. c.t. m.r. c.x.r. a.k.a. e.r. i.c.u. o.b. g.y.n. e.n.t. w.n.l. n.a.d. s.o.b.".split()
)
_MEDICAL_ACRONYMS = frozenset(
    """ct mr mri us ed er or icu ccu hdu pe dvt mi cva tia uti ms ra oa gi gu cvs rs cns ent
    ecg ekg eeg iv im sc po pr ng og et cxr axr kub hiv hcv hbv tb copd chf ckd aki ards
    bp hr rr gcs ac pc dm af vf vt svt av sa rv lv ra la ivc svc pa ao abg vbg fbc cbc
    lft lfts ufe ue crp esr inr pt ptt aptt bnp tsh bmi hb wbc plt na cl ca mg po4 ok no
    ap pa lat ml cm mm kg mg ng ug iu mmol dx hx rx tx sx fx bx sob cp nad nkda ama dnr dni
    fu f/u ot pt slt sw ln lns ap dr mr ms mrs id dob mrn nhs ssn hfref hfpef jama nejm bmj
    ecog who nice uo ps npo nt oob tol sob ams tv rua lua rle lle rue lue ng ogt ngt peg
    prn qd bid tid qid hs ac pc po pr sl sq im iv ivp ivpb kvo tko dc d/c""".split()
)
_DOTTED = regex.compile(
    r"(?<![\p{L}.])(?:(?:\p{Lu}\.\s?){2,3}(?!\p{L})|\p{Lu}\.\s?\p{Lu}(?![\p{L}.]))"
)
_AFTER_INITIALS = regex.compile(
    r"\binitials\s*[:\-]?\s*((?:[\p{L}]\.?\s?){2,3})(?![\p{L}])", regex.IGNORECASE
)
_PERSON_AFTER = regex.compile(r"\s*(?:,|consented|is\b|was\b|\(|a\s+\d|an?\s+\d)")
# what follows "pt" in notes and is never a person: "pt CT", "pt NPO"
_AFTER_PT_ACRONYMS = frozenset(
    """ct mr mri us ed er or icu ccu iv po pr ng og pt ot dnr dni npo nad sob ok no hx dx rx tx
    sx fx bx to is was in on at has had oob nt tol rec con ams uo ps tv hr np vss mae rr bp sbp
    dbp map cvp afib nsr sr st sb""".split()
)
_PARENTHESISED = regex.compile(r"\p{L}\s\(((?:\p{L}\.?\s?){2,3})\)")
_CUED = regex.compile(
    r"\b(?i:pt|patient|initials|mr|mrs|ms|miss|baby|infant|subject)\.?\s*[:\-]?\s+"
    r"(\p{Lu}{2,3})\b(?!\.\p{L})",
)


class InitialsDetector(Detector):
    """Initials standing for a person: "J.S.", "J. S.", "pt JS"."""

    name = "initials"
    categories = frozenset({Category.INITIALS})

    def detect(self, doc: Document) -> Iterator[Finding]:
        for match in _DOTTED.finditer(doc.text):
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
        for match in _CUED.finditer(doc.text):
            value = match.group(1)
            after = doc.text[match.end(1) : match.end(1) + 14].casefold()
            personal = bool(_PERSON_AFTER.match(after))
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
        for match in _AFTER_INITIALS.finditer(doc.text):
            value = match.group(1).rstrip()
            yield self.finding(
                doc, match.start(1), match.start(1) + len(value), Category.INITIALS, 0.9,
                "after 'initials'",
            )
        for match in _PARENTHESISED.finditer(doc.text):
            value = match.group(1).strip()
            bare = value.replace(".", "").replace(" ", "").casefold()
            before = _WORD.findall(doc.text, max(0, match.start() - 40), match.start() + 1)
            initials = "".join(w[0] for w in before[-len(bare):]).casefold() if before else ""
            surname_initial = bool(before) and bare[-1:] == before[-1][0].casefold() and (
                before[-1][:1].isupper()
            )
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


DETECTORS: tuple[type[Detector], ...] = (NameDetector, InitialsDetector)
