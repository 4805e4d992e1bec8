"""Scores of name words, and the two passes that read whole runs of them.

`Scored` is one token's evidence; `mark_lists` finds lists of names ("Gaetane, Hannah,
Derek and Anna", "Marrero and Murphy were..."); `clear_eponyms` takes back the words that
an eponym head follows ("Stevens Johnson syndrome", "Le Fort II fracture").
"""

from __future__ import annotations

import regex

from caseguard.text import lexicon
from caseguard.text.document import Document
from caseguard.text.name_cues import (
    _ROMAN,
    EPONYM_HEADS,
    _is_candidate,
    _name_listed,
)

__all__ = ["Scored", "clear_eponyms", "mark_lists"]

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
    tokens = doc.tokens
    """"Gaetane, Hannah, Derek and Anna": a list of capitalised words, most of them names."""
    text = doc.text
    run: list[int] = []
    for i, tok in enumerate(tokens):
        joined = run and text[tokens[run[-1]].end : tok.start] in {", ", " and ", " & ", ","}
        if tok.is_title and _is_candidate(tok) and (not run or joined):
            run.append(i)
            continue
        if run and tok.text == "and" and text[tokens[run[-1]].end : tok.start] == " ":
            continue  # the next word decides: "Derek and Anna"
        _mark_list(run, doc, scores)
        run = [i] if tok.is_title and _is_candidate(tok) else []
    _mark_list(run, doc, scores)

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
