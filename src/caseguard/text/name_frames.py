"""Frames that introduce a person whatever the words: they hold in any letter case.

    "Jay is a 58-year-old referred from...", "RANDY HARRIS, A 52-YEAR-OLD SMOKER"
    "SMITH, Jay DOB 26 July 1970", "wu, frank dob 18.10.81"
    "Heather Hall (HH)", "MR WONG (N.W.)"
    'Vsevolod: "Who are you?" Heather: "I'm his daughter."'
    "Hank Przybylo (son)", "DAUGHTER-KRISSY", "PER OUTSIDE-DR. WILLIAMS"

Each frame names the tokens it marks; `NameDetector` scores them as cued names, so the
eponym check leaves them alone ("Wilson, 45, presented" is a person).
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from caseguard.text import gates, lexicon
from caseguard.text.base import compile_fast, compile_gate, letter_trie
from caseguard.text.document import Document, Token
from caseguard.text.name_cues import (
    _WORDLIKE,
    DEMONYMS,
    RELATIONS,
    STOP,
    WORD_NAMES,
    _base,
    _name_listed,
    _unknown_word,
)

__all__ = ["Frame", "frames", "joined_names"]

# after a name that opens a sentence: "is a 58 yo", ", a 71-year-old", ", 102,"
_AGE_AFTER = compile_fast(
    r"(?:\s+(?:is|was)\s+an?|\s*,\s*an?|\s*,)\s+\d{1,3}(?:[\s-]*(?:y|year|month|week|day)|\s*,)",
    regex.IGNORECASE,
)
# "SMITH, Jay DOB", "Brown, Mary D.O.B.", "wu, frank born"
_SURNAME_FIRST_DOB = regex.compile(
    r"\b(\p{L}[\p{L}'’-]+),\s+(\p{L}[\p{L}'’-]+)\s+(?i:dob\b|d\.o\.b\b|born\b|date\s+of\s+birth)"
)
_DOB_AFTER = regex.compile(r",?\s*(?i:dob\b|d\.o\.b\b|born\s+(?:on\s+)?\d|date\s+of\s+birth)")
_FAMILY_AFTER = regex.compile(r"\s+(?i:family)\b")
_BRACKETED_INITIALS = regex.compile(r"\s\(((?:\p{L}\.?\s?){2,3})\)")
# a name the speaker addresses, opening a question or a request, or closing an exclamation
_ADDRESS_WORDS = (
    r"can|could|would|will|please|do|did|have|are|is|i|you|we|what|where|when|why|how|come"
    r"|look|listen|wait|stop"
)
_ADDRESSED = regex.compile(
    r"(?:^|(?<=[.!?\"“]\s{0,3}))(\p{Lu}\p{Ll}+),\s+(?=(?i:" + _ADDRESS_WORDS + r")\b)"
    r"|,\s+(\p{Lu}\p{Ll}+)\s*(?=[!?])",
    regex.MULTILINE,
)
# what the pattern needs, in lower case: a comma and a word of address, or a comma, a word
# and "!" or "?"
_ADDRESSED_GATE = compile_gate(
    r",\s+(?:" + _ADDRESS_WORDS + r")\b|,\s+[a-z]+\s*[!?]"
)
# a relation in brackets after a name: "Hank Przybylo (son)", "URSLA MORETTI (DAUGHTER)"
_RELATION_IN_BRACKETS = compile_fast(rf"\s\((?:{RELATIONS})\)", regex.IGNORECASE)
# a telephone number's label after a name: "Lopie Certusi cell# 410-322-1419"
_PHONE_LABEL_AFTER = compile_fast(
    r"[ \t]+(?:cell(?:[ \t]*phone)?|home|work|mobile|mob|phone|ph|tel|pager|beeper)[ \t]*"
    r"(?:#|no\.?|number)?[ \t]*[:#]?[ \t]*\(?\+?\d",
    regex.IGNORECASE,
)
# a word between a staff role and "aware": "NP grace made aware", "RN KOWALSKI NOTIFIED"
_STAFF_AWARE = compile_fast(
    r"\b(?:np|rn|md|pa|ho|resident|fellow|intern|attending)[ \t]+(?!made\b|was\b|is\b)"
    r"([^\W\d_][\w'’-]*)[ \t]+"
    r"(?:(?:was|is)[ \t]+)?(?:made[ \t]+)?(?:aware|notified|paged|informed|updated)\b",
    regex.IGNORECASE,
)
# a relation or a title joined by a hyphen to the next word: "DAUGHTER-KRISSY", "DR.-Smith"
# what follows a hyphen: a title and the name after it ("PREOP-DR. WILLIAMS"), or a word
# ("DAUGHTER-KRISSY"); the scan starts at each hyphen, found fast as a literal
_AFTER_HYPHEN = compile_fast(
    r"-(?:(?P<title_end>dr|mr|mrs|ms)\.?[ \t]+(?P<after>[^\W\d_][\w'’]+)\b"
    r"|(?P<name>[^\W\d_][\w'’]+)\b)",
    regex.IGNORECASE,
)
# a relative or a title just before the hyphen
_BEFORE_HYPHEN = compile_fast(
    rf"\b(?:(?P<relation>{letter_trie(RELATIONS)})|(?P<title>dr|mr|mrs|ms))\.?\Z",
    regex.IGNORECASE,
)
# a speaker's name before what they say, opening a line or after a quotation
_SPEAKER = regex.compile(r"(\p{Lu}\p{Ll}[\p{L}'’-]*):[ \t]*(?=([\"“]|\p{Lu}))")
# what may stand before a speaker's name, spaces and tabs aside: a line's start or the end of
# a sentence or a quotation
_BEFORE_SPEAKER = frozenset("\n\"”.!?")


# the single pass over each text tells which of these may match (see `gates`)
gates.prefilter(
    _AGE_AFTER, _SURNAME_FIRST_DOB, _DOB_AFTER, _FAMILY_AFTER, _BRACKETED_INITIALS, _SPEAKER,
    _ADDRESSED, _RELATION_IN_BRACKETS, _AFTER_HYPHEN, _PHONE_LABEL_AFTER, _STAFF_AWARE,
)


class Frame:
    __slots__ = ("indices", "score", "why")

    def __init__(self, indices: list[int], score: float, why: str) -> None:
        self.indices, self.score, self.why = indices, score, why


def frames(doc: Document) -> Iterator[Frame]:
    tokens = doc.tokens
    yield from _introduced(doc, tokens)
    yield from _surname_first_dob(doc, tokens)
    yield from _before_dob(doc, tokens)
    yield from _family(doc, tokens)
    yield from _before_initials(doc, tokens)
    yield from _speaker(doc)
    yield from _addressed(doc)
    yield from _before_relation(doc, tokens)
    yield from _before_phone(doc, tokens)
    yield from _staff_aware(doc, tokens)


def _first_name(tok: Token) -> bool:
    word = _base(tok.text.casefold())
    # "Christian White, DOB": a faith's name is a first name in a frame
    return lexicon.is_first_name(word) and (word not in STOP or word in DEMONYMS) and (
        len(word) >= 2
    )


def _surname(tok: Token) -> bool:
    word = _base(tok.text.casefold())
    return (
        word in lexicon.last_names() and word not in STOP and not lexicon.is_only_medical(word)
    )


def _introduced(doc: Document, tokens: list[Token]) -> Iterator[Frame]:
    """A first name (and surname) opening a sentence, then an age: "Jay is a 58 yo"."""
    text = doc.text
    for match in doc.finditer(_AGE_AFTER):
        k = doc.token_ending_at(match.start())
        if k is None:
            continue
        for i in (k - 1, k):  # "Jay Smith, 45," or "Jay, 45,"
            if i < 0 or not doc.sentence_start(i) or not _first_name(tokens[i]):
                continue
            if not (tokens[i].is_title or tokens[i].is_upper or doc.lower_case):
                continue
            if i < k and (text[tokens[i].end : tokens[k].start] != " " or not _surname(tokens[k])):
                continue
            yield Frame(list(range(i, k + 1)), 0.75, "name opening a sentence, then an age")
            break


def _mentions_birth(doc: Document) -> bool:
    """What every date-of-birth frame needs: "DOB", "D.O.B", "birth" or "born"."""
    folded = doc.casefolded
    return "dob" in folded or "d.o.b" in folded or "birth" in folded or "born" in folded


def _surname_first_dob(doc: Document, tokens: list[Token]) -> Iterator[Frame]:
    """ "SMITH, Jay DOB ...": a surname, a comma, a first name and a date of birth."""
    if not _mentions_birth(doc):
        return
    for match in doc.finditer(_SURNAME_FIRST_DOB):
        surname, first = match.group(1).casefold(), match.group(2).casefold()
        if surname in STOP or first in STOP:
            continue
        if not (surname in lexicon.last_names() or lexicon.is_first_name(surname)):
            continue
        if not lexicon.is_first_name(first):
            continue
        marked = [k for k, tok in enumerate(tokens) if match.start() <= tok.start < match.end(2)]
        yield Frame(marked, 0.85, "'Surname, First name' before a date of birth")


def _before_dob(doc: Document, tokens: list[Token]) -> Iterator[Frame]:
    """ "Patient Faith Wright, DOB ...": a first name and a surname before a date of birth."""
    text = doc.text
    if not _mentions_birth(doc):
        return
    for match in doc.finditer(_DOB_AFTER):
        k = doc.token_ending_at(match.start())
        if k is None or k == 0:
            continue
        i = k - 1
        first, last = tokens[i], tokens[i + 1]
        if text[first.end : last.start] != " ":
            continue
        if _first_name(first) and _surname(last) and (
            (first.is_title and last.is_title) or doc.caseless
        ):
            yield Frame([i, i + 1], 0.85, "first name and surname before a date of birth")


def _family(doc: Document, tokens: list[Token]) -> Iterator[Frame]:
    """ "KEEP ROMERO FAMILY AWARE", "the Nguyen family": a surname before "family"."""
    text = doc.text
    if "family" not in text.casefold():
        return
    for match in doc.finditer(_FAMILY_AFTER):
        i = doc.token_ending_at(match.start())
        if i is None:
            continue
        tok = tokens[i]
        if not (tok.is_title or doc.caseless):
            continue
        word = _base(tok.text.casefold())
        if word not in lexicon.last_names() or word in STOP or word in lexicon.medical_words():
            continue
        if (
            # a surname that is also a word counts when rare as a word ("ROMERO FAMILY"),
            # not "LARGE FAMILY"; in mixed case, when capitalised mid-sentence ("the Carter family")
            not lexicon.common_word(word) or lexicon.word_frequency(word) < 1e-5
            or (not doc.caseless and not doc.sentence_start(i))
        ):
            yield Frame([i], 0.75, "surname before 'family'")


def _before_initials(doc: Document, tokens: list[Token]) -> Iterator[Frame]:
    """ "Heather Hall (HH)": the words before bracketed initials that are theirs."""
    text = doc.text
    if "(" not in text:
        return
    for match in doc.finditer(_BRACKETED_INITIALS):
        letters = [c for c in match.group(1).casefold() if c.isalpha()]
        last = doc.token_ending_at(match.start())
        if last is None:
            continue
        run = [last]
        while len(run) < len(letters) and run[0] > 0 and _joined(text, tokens, run[0] - 1):
            run.insert(0, run[0] - 1)
        words = [tokens[k] for k in run]
        if all(_plain_word(w) for w in words) and [
            w.text[0].casefold() for w in words
        ] == letters and any(
            _name_listed(w) for w in words
        ):
            yield Frame(run, 0.85, "name before its initials in brackets")
        elif (
            last > 0 and tokens[last - 1].text.casefold() in lexicon.TITLES
            and _plain_word(tokens[last]) and _name_listed(tokens[last])
            and tokens[last].text[0].casefold() == letters[-1]
        ):
            yield Frame([last], 0.85, "surname after a title, before its initials in brackets")


def _plain_word(tok: Token) -> bool:
    return bool(_WORDLIKE.match(tok.text)) and tok.text.casefold() not in STOP


def _joined(text: str, tokens: list[Token], k: int) -> bool:
    """Token ``k`` is a word joined by one space to the next: part of the same name."""
    return _plain_word(tokens[k]) and text[tokens[k].end : tokens[k + 1].start] == " "


def _speaker(doc: Document) -> Iterator[Frame]:
    """'Heather: "I'm his daughter."': a first name, or an unknown word before a quotation or
    in a dialogue of several speakers, opening a line. Section headings ("Neuro: alert",
    "Plan: wean") are words."""
    speakers: list[tuple[int, bool]] = []  # token, and whether a quotation follows
    text = doc.text
    for match in doc.finditer(_SPEAKER):
        j = match.start()
        while j and text[j - 1] in " \t":
            j -= 1
        if j and text[j - 1] not in _BEFORE_SPEAKER:
            continue
        k = doc.token_starting_at(match.start(1))
        if k is not None:
            speakers.append((k, match.group(2) != "" and not match.group(2).isalpha()))
    named = [k for k, _ in speakers if _plain_first_name(doc.tokens[k])]
    for k, quoted in speakers:
        tok = doc.tokens[k]
        word = _base(tok.text.casefold())
        # beside a speaker we know ("Matthew: Remember..."), an unknown word speaks too
        dialogue = any(j != k for j in named)
        if k in named or ((quoted or dialogue) and _unknown_word(word)):
            yield Frame([k], 0.7, "speaker of a line of dialogue")


def _plain_first_name(tok: Token) -> bool:
    word = _base(tok.text.casefold())
    return _first_name(tok) and not (
        word in STOP or lexicon.common_word(word) or lexicon.is_medical(word)
    )


def _addressed(doc: Document) -> Iterator[Frame]:
    """ "Cora, can you...", "Don't go, Derrick!": a first name the speaker addresses."""
    if "," not in doc.text:
        return
    for match in doc.finditer(_ADDRESSED, _ADDRESSED_GATE):
        group = 1 if match.group(1) else 2
        k = doc.token_starting_at(match.start(group))
        if k is None:
            continue
        tok = doc.tokens[k]
        word = _base(tok.text.casefold())
        if _first_name(tok) and word not in WORD_NAMES and word not in lexicon.TITLES and (
            not lexicon.is_only_medical(word) and word not in lexicon.clinical_terms()
        ):
            yield Frame([k], 0.7, "name of the person addressed")


def _before_relation(doc: Document, tokens: list[Token]) -> Iterator[Frame]:
    """ "Hank Przybylo (son)": up to three name-like words before a relation in brackets."""
    if "(" not in doc.text:
        return
    for match in doc.finditer(_RELATION_IN_BRACKETS):
        run = _name_words_ending_at(doc, tokens, match.start())
        if run and any(_name_listed(tokens[j]) for j in run):
            yield Frame(run, 0.8, "name before a relative's role in brackets")


def _before_phone(doc: Document, tokens: list[Token]) -> Iterator[Frame]:
    """ "Lopie Certusi cell# 410-322-1419": up to three name-like words before a telephone
    number's label, capitalised where the text has capitals."""
    for match in doc.finditer(_PHONE_LABEL_AFTER):
        run = _name_words_ending_at(doc, tokens, match.start())
        if run and (not doc.caseless or any(_name_listed(tokens[j]) for j in run)):
            yield Frame(run, 0.75, "name before a telephone number")


def _name_words_ending_at(doc: Document, tokens: list[Token], end: int) -> list[int]:
    """The name-like words (see `_name_word`), up to three, that end at ``end``."""
    last = doc.token_ending_at(end)
    if last is None:
        return []
    text = doc.text
    run: list[int] = []
    k = last
    while k >= 0 and len(run) < 3 and _name_word(tokens[k], doc):
        run.insert(0, k)
        if k == 0 or text[tokens[k - 1].end : tokens[k].start] != " ":
            break
        k -= 1
    return run


def _staff_aware(doc: Document, tokens: list[Token]) -> Iterator[Frame]:
    """ "NP grace made aware", "RN Kowalski notified": a word between a staff role and
    "aware", a person's name though it is also a word."""
    for match in doc.finditer(_STAFF_AWARE):
        k = doc.token_starting_at(match.start(1))
        if k is None:
            continue
        word = _base(tokens[k].text.casefold())
        if word in STOP or word in lexicon.MEDICAL_ACRONYMS:
            continue
        if lexicon.is_first_name(word) or (
            _name_listed(tokens[k]) and not lexicon.common_word(word)
        ) or _unknown_word(word):
            yield Frame([k], 0.75, "name between a staff role and 'aware'")


def _name_word(tok: Token, doc: Document) -> bool:
    """A capitalised (or, in capitals, any) word that is a listed name or no word at all."""
    word = _base(tok.text.casefold())
    if len(word) < 2 or word in STOP or not (tok.is_title or doc.caseless):
        return False
    if _name_listed(tok):
        return not lexicon.is_only_medical(word)
    return _unknown_word(word)


def joined_names(doc: Document) -> Iterator[tuple[int, int, str]]:
    """Names joined by a hyphen to a relation or a title ("DAUGHTER-KRISSY", "DR.-Smith"):
    the tokens hold both words, so the name's own span is given."""
    text = doc.text
    if "-" not in text:
        return
    for match in doc.finditer(_AFTER_HYPHEN):
        hyphen = match.start()
        if match.group("title_end") is not None:
            if hyphen == 0 or not (text[hyphen - 1].isalnum() or text[hyphen - 1] == "_"):
                continue
            word = match.group("after").casefold()
            ambiguous = match.group("title_end").casefold() in {"mr", "ms"}
            if word in STOP or lexicon.is_only_medical(word) or (
                ambiguous and lexicon.common_word(word)
            ):
                continue  # "post-MR BRAIN": magnetic resonance, not a man
            if lexicon.is_personal_name(word) or _unknown_word(word):
                why = f"title {match.group('title_end')!r} at the end of a hyphenated word"
                yield match.start("after"), match.end("after"), why
            continue
        before = _BEFORE_HYPHEN.search(text, max(0, hyphen - 24), hyphen)
        if before is None:
            continue
        word = match.group("name").casefold()
        if lexicon.common_word(word) or lexicon.is_medical(word) or word in STOP:
            continue
        if lexicon.is_personal_name(word) or (
            before.group("title") is not None and _unknown_word(word)
        ):
            why = "name joined to " + (before.group("relation") or before.group("title"))
            yield match.start("name"), match.end("name"), why
