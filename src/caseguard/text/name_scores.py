"""Scores of name words, and the passes that read them beside their neighbours.

`Scored` is one token's evidence; `first_and_last` pairs a first name with a surname or an
initial; `adjacency` extends a confident name to the name-like words beside it;
`mark_lists` finds lists of names ("Gaetane, Hannah, Derek and Anna", "Marrero and Murphy
were..."); `clear_eponyms` takes back the words that an eponym head follows ("Stevens
Johnson syndrome", "Le Fort II fracture").
"""

from __future__ import annotations

import regex

from caseguard.text import lexicon
from caseguard.text.document import Document
from caseguard.text.name_cues import (
    _ROMAN,
    EPONYM_HEADS,
    STOP,
    WORD_NAMES,
    _base,
    _is_candidate,
    _name_listed,
    _unknown_word,
    _word_name_paired,
)

__all__ = ["Scored", "adjacency", "clear_eponyms", "clear_things", "first_and_last", "mark_lists"]

_PEOPLE_AFTER = regex.compile(r"\s+(?:were|are|have|had|both|each)\b")


class Scored:
    __slots__ = ("cue", "pair", "score", "why")

    def __init__(self) -> None:
        self.score = 0.0
        self.why = ""
        self.cue = False
        # part of "First Last" or next to a cued name: an eponym-like word here is a name
        self.pair = False

    def raise_to(self, score: float, why: str, cue: bool = False) -> None:
        if score > self.score:
            self.score, self.why = score, why
        self.cue = self.cue or cue


def mark_lists(doc: Document, scores: list[Scored]) -> None:
    """"Gaetane, Hannah, Derek and Anna": a list of capitalised words, most of them names."""
    tokens, text = doc.tokens, doc.text
    run: list[int] = []
    for i, tok in enumerate(tokens):
        word = tok.text
        # tok.is_title written out: this loop visits every token
        title = (word[0].isupper() and not word.isupper()) if len(word) > 1 else word.isupper()
        candidate = title and _is_candidate(tok)
        if run:
            gap = text[tokens[run[-1]].end : tok.start]
            if candidate and gap in _LIST_GAPS:
                run.append(i)
                continue
            if word == "and" and gap == " ":
                continue  # the next word decides: "Derek and Anna"
            _mark_list(run, doc, scores)
        run = [i] if candidate else []
    if run:
        _mark_list(run, doc, scores)


_LIST_GAPS = frozenset({", ", " and ", " & ", ","})


def _mark_list(run: list[int], doc: Document, scores: list[Scored]) -> None:
    tokens = doc.tokens
    if len(run) == 2 and _PEOPLE_AFTER.match(doc.text, tokens[run[-1]].end):
        # two names are a list when people follow: "Marrero and Murphy were engineers"
        words = [tokens[i].text.casefold() for i in run]
        if any(lexicon.is_personal_name(w) for w in words) and all(
            (lexicon.is_personal_name(w) and not lexicon.is_only_medical(w))
            or (lexicon.word_frequency(w) < 1e-6 and not lexicon.is_medical(w))
            for w in words
        ):
            for i in run:
                scores[i].raise_to(0.7, "two names, then what people do")
                scores[i].pair = True
        return
    if len(run) < 3:
        return
    words = [tokens[i].text.casefold() for i in run]
    named = [w for w in words if lexicon.is_personal_name(w) and not lexicon.is_only_medical(w)]
    plain_names = [w for w in named if w not in lexicon.eponyms()]
    if not plain_names or len(named) * 2 < len(run) or any(
        lexicon.is_medical(w) and w not in named for w in words
    ):
        return
    after = doc.text[tokens[run[-1]].end : tokens[run[-1]].end + 24].split()
    headed = bool(after) and after[0].casefold().strip(".,;:") in EPONYM_HEADS
    for i in run:
        scores[i].raise_to(0.7, "a list of names")
        # "founders: Monjeau, Graves and Reed": eponym-like surnames among names
        scores[i].pair = not headed

# what follows a drug, a dressing or a device, never a person: "Destin lotion", "MEG DRIP",
# "Passey muir valve", "stabel dose"; and routes and sites before one: "IV Fentenly", "LSC QUENTIN"
_THING_AFTER = frozenset(
    """dose doses dosing drip drips gtt gtts infusion infusing infused bolus boluses applied
    lotion cream ointment oint powder patch patches tab tabs mg mcg units catheter cath
    valve drainage tube nebs neb spray drops supp""".split()
)
_THING_BEFORE = frozenset("iv ivp ivpb po pr sq sc im sl lsc rsc lij rij lfem rfem".split())
# the evidence that neither overrules: a title, a relative, a label, a credential
_OVERRULES_THINGS = 0.85


def clear_things(doc: Document, scores: list[Scored]) -> None:
    """Take back a name-like word next to a drug's or a device's words (see `_THING_AFTER`),
    or listed beside a drug ("Vanco and Levoq", "receiving Vano, Ceftaz, Flagyl")."""
    tokens, text, folded = doc.tokens, doc.text, doc.folded_tokens
    last = len(tokens) - 1
    for i, scored in enumerate(scores):
        if scored.score == 0 or scored.score >= _OVERRULES_THINGS:
            continue
        if (i < last and folded[i + 1] in _THING_AFTER and text[tokens[i].end] == " ") or (
            i > 0 and folded[i - 1] in _THING_BEFORE and text[tokens[i - 1].end] == " "
        ) or any(_drug(folded[k]) for k in _list_neighbours(doc, i)):
            scored.score = 0.0


_LIST_JOINS = frozenset({", ", ",", " & ", "/"})
_LIST_WORDS = frozenset({"and", "or"})


def _list_neighbours(doc: Document, i: int) -> list[int]:
    """The tokens listed just before and after token ``i``: "A, B", "A and B", "A & B"."""
    tokens, text, folded = doc.tokens, doc.text, doc.folded_tokens
    found = []
    if i > 0 and text[tokens[i - 1].end : tokens[i].start] in _LIST_JOINS:
        found.append(i - 1)
    elif i > 1 and folded[i - 1] in _LIST_WORDS and text[tokens[i - 2].end] == " ":
        found.append(i - 2)
    if i + 1 < len(tokens) and text[tokens[i].end : tokens[i + 1].start] in _LIST_JOINS:
        found.append(i + 1)
    elif i + 2 < len(tokens) and folded[i + 1] in _LIST_WORDS and text[tokens[i + 1].end] == " ":
        found.append(i + 2)
    return found


def _drug(word: str) -> bool:
    """A drug by name or brand, a word only medicine uses ("Flagyl"), or the clipped start of
    one ("Vanco", "Ceftaz")."""
    if lexicon.is_personal_name(word) or lexicon.common_word(word):
        return False
    return (
        word in lexicon.drug_words()
        or (len(word) >= 5 and word in lexicon.medical_words())  # not "ank", "pat"
        or (len(word) >= 4 and lexicon.is_clipped_term(word))
    )


def clear_eponyms(doc: Document, scores: list[Scored]) -> None:
    tokens = doc.tokens
    text = doc.text
    headed = [False] * len(tokens)  # an eponym with its head: "Stevens Johnson syndrome"
    for i, tok in enumerate(tokens):
        if scores[i].score == 0 or scores[i].cue:
            continue
        word = tok.text.casefold().removesuffix("'s").removesuffix("’s")
        after = text[tok.end : tok.end + 3]
        nxt = tokens[i + 1].text.casefold() if i + 1 < len(tokens) else ""
        nxt2 = tokens[i + 2].text.casefold() if i + 2 < len(tokens) else ""
        possessive = tok.text.casefold().endswith(("'s", "’s")) or after.startswith(("'", "’"))
        nxt3 = tokens[i + 3].text.casefold() if i + 3 < len(tokens) else ""
        nxt_text = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if nxt in EPONYM_HEADS or (
            nxt2 in EPONYM_HEADS and tokens[i + 1].is_title and not _name_listed(tokens[i + 1])
        ) or (nxt in {"and", "&"} and nxt3 in EPONYM_HEADS) or (
            _ROMAN.fullmatch(nxt_text) and nxt2 in EPONYM_HEADS  # "Le Fort II fracture"
        ) or (
            i > 1 and tokens[i - 1].text.casefold() in {"and", "&"} and nxt in EPONYM_HEADS
        ):
            scores[i].score = 0.0
            headed[i] = True
        elif scores[i].pair:
            continue  # "Bryan Maclean's", "James Brown": a first name and a surname
        elif (possessive and word in lexicon.eponyms()) or _ROMAN.fullmatch(nxt_text):
            scores[i].score = 0.0
        elif word in lexicon.eponyms() and word in lexicon.medical_words():
            scores[i].score = min(scores[i].score, 0.2)
    # the words before a headed eponym belong to it: "Stevens" of "Stevens Johnson syndrome"
    for i in range(len(tokens) - 2, -1, -1):
        if headed[i + 1] and not scores[i].cue and scores[i].score > 0 and (
            text[tokens[i].end : tokens[i + 1].start] in {" ", "-"}
        ):
            scores[i].score = 0.0
            headed[i] = True


def first_and_last(doc: Document, scores: list[Scored], caseless: bool) -> None:
    """"Mary Johnson", "Jane D.": a first name with a surname or an initial after it."""
    text, tokens = doc.text, doc.tokens
    first_names, folded = lexicon.first_names(), doc.folded_tokens
    for i, tok in enumerate(tokens[:-1]):
        word = _base(folded[i])
        if word not in first_names or len(word) < 2 or word in STOP:
            continue
        if caseless and (len(word) < 3 or word in lexicon.MEDICAL_ACRONYMS):
            continue  # "IN PERI AREA", "RA STAS 99%"
        if not caseless and not tok.is_title:
            continue
        nxt = tokens[i + 1]
        if word in WORD_NAMES and (caseless or not _word_name_paired(text, nxt)):
            continue  # "Frank blood", "Will Smith": only "Frank L." or "Jack Thompson"
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
            for k in (i, i + 1):
                scores[k].raise_to(0.8, why)
                scores[k].pair = True


def adjacency(doc: Document, scores: list[Scored], caseless: bool) -> None:
    """A name-like word next to a confident name (0.6 or more) is part of it."""
    text, tokens = doc.text, doc.tokens
    n = len(tokens)
    strong = [sc.score >= 0.6 for sc in scores]
    for _ in range(2):
        for i, tok in enumerate(tokens):
            if strong[i] or not (
                (i > 0 and strong[i - 1]) or (i + 1 < n and strong[i + 1])
            ) or not _is_candidate(tok):
                continue
            for j in (i - 1, i + 1):
                if not 0 <= j < n or not strong[j]:
                    continue
                left, right = (tokens[j], tok) if j < i else (tok, tokens[j])
                gap = text[left.end : right.start]
                if gap not in {" ", ". ", ".", "-"} and not (
                    gap == ", " and j > i and _name_listed(tok)
                ):
                    continue
                if gap in {". ", "."} and len(left.text) > 1:
                    continue  # a full stop joins an initial to a name, not two sentences
                word = tok.text.casefold()
                if caseless:
                    # "LEONA LABOWICH": an unknown word after a first name is its surname
                    ok = (_name_listed(tok) and word not in STOP) or (
                        j < i and gap == " " and _unknown_word(word)
                        and lexicon.is_first_name(tokens[j].text.casefold())
                    )
                else:
                    ok = (tok.is_title or len(tok.text) == 1) and (
                        _name_listed(tok) or lexicon.word_frequency(word) < 1e-6
                        or len(tok.text) == 1
                    )
                if ok:
                    scores[i].raise_to(0.7, f"next to the name {tokens[j].text!r}")
                    scores[i].pair = scores[j].cue or scores[j].pair
                    strong[i] = True
                    break
