"""Names of people: patients, staff and relatives.

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

from caseguard.findings import Category, Finding
from caseguard.text import gates, lexicon
from caseguard.text.base import Detector
from caseguard.text.document import Document, Token
from caseguard.text.name_cues import (
    _AFTER_NAME,
    _AGE_OR_VERB,
    _BREAK,
    _PERSON_VERBS,
    _RELATION_RE,
    _RELATION_WORD,
    _ROLE_FWD,
    _SIGNATURE,
    _SURNAME_FIRST,
    _WORDLIKE,
    CREDENTIALS,
    LABEL_WORDS,
    STOP,
    WEAK_CUES,
    WORD_NAMES,
    _after_relation,
    _after_title,
    _base,
    _clinical_compound,
    _continues_name,
    _is_candidate,
    _is_initial,
    _name_listed,
    _surname_shaped,
    _title_applies,
    _unknown_but_not_a_name,
    _unknown_word,
    _word_then_surname,
    label_cues,
    relation_word,
)
from caseguard.text.name_frames import frames, joined_names
from caseguard.text.name_scores import (
    Scored,
    adjacency,
    clear_eponyms,
    clear_things,
    first_and_last,
    mark_lists,
)
from caseguard.text.typos import misspelt_medical

__all__ = ["DETECTORS", "NameDetector"]



def _indices(words: list[str], vocabulary: frozenset[str]) -> list[int]:
    """Where words of a vocabulary stand, found by one set intersection for the text."""
    if vocabulary.isdisjoint(words):
        return []
    return [i for i, w in enumerate(words) if w in vocabulary]


# the single pass over each text tells which of these may match (see `gates`)
gates.prefilter(_RELATION_RE, _ROLE_FWD, _SURNAME_FIRST)


# what a person does to the ward; "will called" is no one
_CONTACT_VERBS = frozenset("called phoned rang visited calls phones rings visits".split())
_NOT_CALLERS = frozenset("will may can".split())


class NameDetector(Detector):
    """Names of patients, staff and relatives."""

    name = "names"
    categories = frozenset({Category.NAME})

    def detect(self, doc: Document) -> Iterator[Finding]:
        tokens = doc.tokens
        if not tokens:
            return
        caseless = doc.caseless
        scores = [Scored() for _ in tokens]
        self._cues(doc, tokens, scores)
        first_and_last(doc, scores, caseless)
        self._dictionary(doc, tokens, scores, caseless)
        clear_things(doc, scores)
        adjacency(doc, scores, caseless)
        if not caseless:
            mark_lists(doc, scores)
        clear_eponyms(doc, scores)
        yield from self._emit(doc, tokens, scores)
        for start, end, why in joined_names(doc):
            yield self.finding(doc, start, end, Category.NAME, 0.85, why)

    # -- signals ---------------------------------------------------------------

    def _cues(self, doc: Document, tokens: list[Token], scores: list[Scored]) -> None:
        text = doc.text
        folded = doc.folded_tokens
        for i in _indices(folded, lexicon.TITLES):
            if _title_applies(doc, tokens, i):
                self._take_after(
                    doc, tokens, scores, i + 1, 0.95, f"title {tokens[i].text!r}", 3
                )
        for match in doc.finditer(_RELATION_RE):
            j = doc.token_at(match.end())
            if j is not None and _is_candidate(tokens[j], relaxed=True) and _after_relation(
                tokens[j]
            ):
                self._take_after(
                    doc, tokens, scores, j, 0.9, f"relation {match.group().strip()!r}", 2
                )
        for cue in doc.finditer(_ROLE_FWD):
            i = doc.token_starting_at(cue.end()) or 0
            if i == 0:
                continue  # no token starts where the cue ends, or it is the first token
            if cue.group()[:2].casefold() == "cc" and (
                text[max(0, cue.start() - 8) : cue.start()].rstrip()[-1:].isdigit()
            ):
                continue  # "600 CC SERO/SANG": cubic centimetres, not a copy to someone
            tok = tokens[i]
            if _is_initial(text, tok) and i + 1 < len(tokens) and _name_listed(tokens[i + 1]) and (
                text[tok.end : tokens[i + 1].start] == ". "
            ) and _surname_shaped(tokens[i + 1], doc):
                cue_text = " ".join(cue.group().split())
                self._take_after(
                    doc, tokens, scores, i, 0.8, f"initial and surname after {cue_text!r}", 2
                )
                continue
            if not _is_candidate(tok):
                continue
            word = _base(tok.text.casefold())
            if word in lexicon.MEDICAL_ACRONYMS and (tok.is_upper or doc.caseless):
                continue  # "SEEN BY IR", "CONTINUES WITH SR", "RETURNS FROM NG"
            named = lexicon.is_first_name(word) or word in lexicon.last_names()
            plain = not lexicon.common_word(word)
            weak = " ".join(cue.group().casefold().split()).rstrip(":.# ") in WEAK_CUES
            if weak:
                plain = plain and not lexicon.is_medical(word)
            by_cue = cue.group().rstrip(":.# \t\n").casefold().endswith(" by")
            if named and (plain or (not weak and (tok.is_title or (
                # "DICTATED BY BILLY JOHNSON": a first name after "seen by", "dictated by"...
                doc.caseless and by_cue and lexicon.is_first_name(word)
                and word not in WORD_NAMES
            )))):
                cue_text = " ".join(cue.group().split())
                self._take_after(
                    doc, tokens, scores, i, 0.8, f"after {cue_text!r}", 2, strong=not weak
                )
        for i in _indices(folded, CREDENTIALS):
            tok = tokens[i]
            gap = text[tokens[i - 1].end : tok.start] if i > 0 else "."
            if "," in gap or gap.strip() == "":
                self._signature(doc, tokens, scores, i, f"credential {tok.text!r} after")
        for match in label_cues(doc):
            j = doc.token_at(match.end())
            if j is not None and (
                (_is_candidate(tokens[j], relaxed=True) and _after_title(tokens[j]))
                or _word_then_surname(tokens, j, doc.caseless)
            ):
                self._take_after(doc, tokens, scores, j, 0.85, "after a name label", 3)
        possessives = (
            [i for i, w in enumerate(folded[:-1]) if w.endswith(("'s", "’s"))]
            if "'" in text or "’" in text else []
        )
        for i in possessives:
            tok = tokens[i]
            if _RELATION_WORD.fullmatch(
                tokens[i + 1].text
            ) and _after_title(tok) and _base(tok.text.casefold()) not in STOP | {"patient", "pt"}:
                scores[i].raise_to(0.85, f"possessive before {tokens[i + 1].text!r}", cue=True)
        dashes = "--" in text or "—" in text or "–" in text
        for match in _SIGNATURE.finditer(text) if dashes else ():
            j = doc.token_at(match.end())
            if j is not None and (  # "-- b. page", "-- Jo Bloggs", not "-- surgery will call"
                _is_initial(text, tokens[j]) or _after_title(tokens[j])
            ):
                self._take_after(doc, tokens, scores, j, 0.85, "signature line", 3)
        for match in doc.finditer(_SURNAME_FIRST):
            surname, first = match.group(1).casefold(), match.group(2).casefold()
            capitals = match.group(1).isupper() and match.group(2).isupper()
            if surname in lexicon.last_names() and first in lexicon.first_names() and (
                first not in WORD_NAMES
            ) and not relation_word(surname) and not (capitals and (
                lexicon.common_word(surname) or lexicon.common_word(first)
                or lexicon.is_only_medical(surname)
            )):
                for k, tok in enumerate(tokens):
                    if match.start() <= tok.start < match.end():
                        scores[k].raise_to(0.8, "'Surname, First name'", cue=True)
        for i in [i for i, t in enumerate(tokens[:-1]) if len(t[2]) == 1]:  # t[2]: t.text
            # "E. WELSH AWARE", "Z. Miller": an initial and a full stop before a surname
            tok, nxt = tokens[i], tokens[i + 1]
            if (
                len(tok.text) == 1 and tok.text.isalpha()
                and text[tok.end : nxt.start] == ". " and _after_title(nxt)
                and not lexicon.common_word(_base(nxt.text.casefold()))
                and len(nxt.text) > 2 and _WORDLIKE.match(nxt.text) is not None
                and (nxt.is_title or nxt.is_upper or doc.lower_case)  # not "R. mainstem"
                and (_name_listed(nxt) or (
                    not doc.caseless
                    and not lexicon.is_medical(_base(nxt.text.casefold()))
                    and not _unknown_but_not_a_name(nxt.text)
                    and not misspelt_medical(nxt.text.casefold())
                ))
            ):
                scores[i].raise_to(0.7, "initial before a surname", cue=True)
                scores[i + 1].raise_to(0.7, "surname after an initial", cue=True)
            elif (
                len(tok.text) == 1 and tok.text.isalpha()
                and i + 2 < len(tokens) and tokens[i + 2].text.casefold() in _AFTER_NAME
                and (
                    (text[tok.end : nxt.start] == ". " and (
                        _name_listed(nxt) or _unknown_word(nxt.text.casefold())
                    ))
                    # "J SMITH ORDERED": in capitals the full stop may be missing
                    or (text[tok.end : nxt.start] == " " and tok.text.isupper()
                        and nxt.is_upper and _name_listed(nxt)
                        and not lexicon.is_medical(_base(nxt.text.casefold()))
                        and tokens[i + 2].text.casefold() in _ACTED)
                )
            ):
                scores[i].raise_to(0.7, "initial, surname and 'aware'", cue=True)
                scores[i + 1].raise_to(0.7, "initial, surname and 'aware'", cue=True)

        for frame in frames(doc):
            for k in frame.indices:
                scores[k].raise_to(frame.score, frame.why, cue=True)

    def _signature(
        self, doc: Document, tokens: list[Token], scores: list[Scored], i: int, why: str
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

    def _take_after(
        self, doc: Document, tokens: list[Token], scores: list[Scored],
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
            initial = _is_initial(doc.text, tok) and j + 1 < len(tokens)
            if first and strong and _word_then_surname(
                tokens, j, doc.caseless
            ):
                scores[j].raise_to(score, why, cue=strong)  # "Dr Will Cole", "Dr May Lee"
                taken += 1
                j += 1
                continue
            after_initial = not first and _is_initial(doc.text, tokens[j - 1])
            if after_initial and _surname_shaped(tok, doc):
                scores[j].raise_to(score, why, cue=strong)
                taken += 1
                j += 1
                continue
            if not initial and not _is_candidate(tok, relaxed=first):
                break
            if not first and not initial and not _continues_name(tok, doc, strong):
                break
            scores[j].raise_to(score, why, cue=strong)
            taken += 1
            j += 1

    def _dictionary(
        self, doc: Document, tokens: list[Token], scores: list[Scored], caseless: bool
    ) -> None:
        first_names, last_names = lexicon.first_names(), lexicon.last_names()
        folded = doc.folded_tokens
        doc_caseless, lower_case = caseless, doc.lower_case
        for i, tok in enumerate(tokens):
            text = tok.text
            if len(text) < 2:
                continue
            word = folded[i].removesuffix("'s").removesuffix("’s")  # _base, inline
            listed = word in first_names or word in last_names
            # tok.is_title written out (a word of two letters or more): a hot loop
            if not (listed or caseless or (text[0].isupper() and not text.isupper())):
                continue  # a lower-case word of mixed-case text that no list holds
            if not _WORDLIKE.match(tok.text):
                continue
            if word in STOP or word in lexicon.TITLES or word in LABEL_WORDS:
                continue
            plain = not lexicon.common_word(word) and not lexicon.is_medical(word)
            # capitals the writer kept in a text written in lower case say "a name"
            caseless = doc_caseless and not (lower_case and doc.capitalised_on_purpose(i))
            if (
                # "social: bob visited", "Bill called twice": whoever calls or visits is a person
                i + 1 < len(tokens) and folded[i + 1] in _CONTACT_VERBS
                and (caseless or tok.is_title) and word in first_names and len(word) >= 3
                and word not in _NOT_CALLERS and word not in lexicon.MEDICAL_ACRONYMS
                and doc.text[tok.end : tokens[i + 1].start] == " "
                and doc.sentence_start(i) and not relation_word(word)
            ):
                scores[i].raise_to(0.6, f"first name before {tokens[i + 1].text!r}")
            if caseless:
                # capitals carry no signal: trust the lists only for words long enough
                # not to be a clinical abbreviation ("vea", "fent", "riss")
                # a rare surname that is also a word ("gauze", "dusky") is read as the word
                if listed and plain and len(word) >= (3 if word in first_names else 5) and (
                    word in first_names or word in lexicon.common_surnames()
                    or not lexicon.is_dictionary_word(word)
                ):
                    scores[i].raise_to(0.6, "name dictionary")
                continue
            if tok.is_title:
                start = doc.sentence_start(i)
                if (
                    start and not listed and plain and len(word) >= 3
                    and lexicon.word_frequency(word) < 1e-6 and not _clinical_compound(word)
                    and not _unknown_but_not_a_name(tok.text) and i + 1 < len(tokens)
                    and tokens[i + 1].text.casefold() in _PERSON_VERBS
                    and not lexicon.in_dictionary(word) and not misspelt_medical(word)
                ):
                    scores[i].raise_to(0.4, "unknown capitalised word before a verb of a person")
                if (
                    start and word in first_names and word not in WORD_NAMES
                    and not lexicon.is_only_medical(word) and (
                        _AGE_OR_VERB.match(doc.text, tok.end) or (
                            # "Dexter lives on...", "Scott is a very sympathetic person"
                            i + 1 < len(tokens) and folded[i + 1] in _PERSON_VERBS
                            and doc.text[tok.end : tokens[i + 1].start] == " "
                            and word not in lexicon.clinical_terms()  # "Neo started at 2"
                        )
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
                    # on its own, a rare word of the dictionary is the word: "Cannula", "Kaolin";
                    # before a surname it is a first name: "Yulan Peres"
                    and not (lexicon.in_dictionary(word) and not _surname_next(tokens, i))
                    and not misspelt_medical(word)  # the dearest test, last
                ):
                    scores[i].raise_to(0.45, "capitalised word that is not English or medical")
            elif (
                tok.is_upper and len(word) >= 4 and listed and plain
                and word not in lexicon.MEDICAL_ACRONYMS  # "OSA", "JAMA": acronyms in capitals
            ):
                scores[i].raise_to(0.5, "name dictionary (capitals)")
            elif listed and plain and len(word) >= 3:
                # a lower-case word in mixed-case text is rarely a name: reported only when
                # a cue or a neighbouring name lifts it
                scores[i].raise_to(0.25, "name dictionary (lower case)")

    def _emit(
        self, doc: Document, tokens: list[Token], scores: list[Scored]
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


DETECTORS: tuple[type[Detector], ...] = (NameDetector,)
# what a person named by initial and surname did ("J SMITH ORDERED")
_ACTED = frozenset("aware notified called paged spoke updated informed ordered wants said".split())


def _surname_next(tokens: list[Token], i: int) -> bool:
    """Whether a capitalised surname from the lists follows token ``i``."""
    if i + 1 >= len(tokens) or not tokens[i + 1].is_title:
        return False
    return _base(tokens[i + 1].text.casefold()) in lexicon.last_names()
