"""The vocabulary and small judgements behind name detection.

Cue words (titles are in `lexicon`), relations, roles, credentials, eponym heads and
the word-shape tests `NameDetector` combines; kept apart so the detector reads as
the order of its signals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import regex

from caseguard.text import gates, lexicon
from caseguard.text.base import compile_fast, letter_trie
from caseguard.text.document import Document, Token
from caseguard.text.typos import misspelt_common, misspelt_medical, slip_of

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
    december""".split()
)
# labels of numbers and codes that the name lists also hold ("Iban" is a first name)
LABEL_WORDS = frozenset("iban swift bic sort routing aba".split())
# languages, peoples and faiths: words, but surnames after an initial ("E. Welsh", "J. English")
DEMONYMS = frozenset(
    """english french spanish german italian portuguese russian chinese mandarin
    cantonese arabic hindi urdu punjabi bengali polish greek turkish vietnamese korean
    japanese creole haitian somali swahili farsi persian hebrew yiddish dutch swedish
    american british irish scottish welsh canadian australian african asian european
    hispanic latino latina caucasian christian muslim jewish catholic protestant""".split()
)
STOP |= DEMONYMS

RELATIONS = (
    "wife|husband|son|sons|daughter|daughters|dtr|dau|mother|mom|mum|father|dad|brother|bro|"
    "sister|sis|partner|spouse|fiance|fiancee|boyfriend|girlfriend|friend|niece|nephew|aunt|"
    "uncle|cousin|grandson|granddaughter|grandaughter|grandchild|grandmother|grandma|"
    "grandfather|grandpa|stepson|stepdaughter|stepmother|stepfather|son-in-law|"
    "daughter-in-law|brother-in-law|sister-in-law|mother-in-law|father-in-law|hcp|proxy|"
    "guardian|neighbor|neighbour|caregiver|carer|companion|roommate|landlord|employer|sibling|"
    "kid|kids|next\\s+of\\s+kin|nok|emergency\\s+contact|spokesperson"
)
WEAK_CUES = frozenset(
    "by with from per called name named patient pt pt. contact cc c.c. mr mr.".split()
)
ROLE_CUES = (
    r"seen\s+by|reviewed\s+by|examined\s+by|referred\s+by|reported\s+by|dictated\s+by|"
    r"signed\s+by|read\s+by|performed\s+by|transcribed\s+by|verified\s+by|attending|"
    r"resident|fellow|intern|registrar|consultant|surgeon|radiologist|physician|"
    r"cardiologist|oncologist|neurologist|np|rn|lpn|pa|md|spoke\s+(?:with|to)|speak(?:ing)?\s+(?:with|to)|"
    r"discussed\s+with|d/w|talk(?:ed|ing)?\s+(?:with|to)|paged|per|called|notified|informed|"
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
    works worked moved told asked wants wanted agreed declined refused began started wrote
    writes became died married joined founded""".split()
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
    lines murmur murmurs""".split()
)
# the standard library's engine, with the alternations grouped by first letter: these two
# scans run over every text and are several times faster so
_RELATION_RE = compile_fast(
    rf"\b{letter_trie(RELATIONS)}\b(?:'s)?\s*(?:[,:\-–(]|\s)\s*(?:is\s+|named\s+|called\s+|"
    rf"(?:mr|mrs|ms|miss)\.?\s+)?",
    regex.IGNORECASE,
)
_ROLE_FWD = compile_fast(rf"\b{letter_trie(ROLE_CUES)}\s*[:.#]?\s*(?=\S)", regex.IGNORECASE)
_WORDLIKE = regex.compile(r"^[\p{L}][\p{L}'’\-]*$")
# "Patient: BEST, Heather", "Name: sophia meads"
_LABEL_WORDS = (
    r"patient(?:'s)?\s+name|pt\s+name|full\s+name|name|patient|next\s+of\s+kin|nok|"
    r"emergency\s+contact|contact\s+person|signed|reported\s+by|dictated\s+by"
)
_LABELS = (
    rf"\b{letter_trie(_LABEL_WORDS)}\s*:\s*"
    # "my name is ...", "her maiden name is ...", "What's your last name? Baba", "call me Jo"
    r"|(?=[mhtyflgck])\b(?:(?:my|his|her|their|your|maiden|first|last|full|given|family)"
    r"\s+name\s+(?:is|was)|(?:last|first|full|maiden)\s+name\s*\?|call(?:s|ed)?\s+me"
    r"|known\s+as|goes\s+by)\s+"
    # '..." says Du Cane': the speaker after a quotation
    r"|[\"”]\s*(?:says|said|asks|asked|replied|added|whispered|shouted)\s+"
)
_LABEL_CUE = regex.compile(
    _LABELS
    # "Hi Victor,", "Dear Mrs Okafor": a greeting
    + r"|(?:^|(?<=[.!?]\s{1,3}))(?:hi|hello|dear)\s+(?=\p{Lu}[\p{L}'’-]+\s*[,!])",
    regex.IGNORECASE,
)
# the same without the greeting, in the standard library's faster engine, for the many texts
# with no "hi", "hello" or "dear" in them (the greeting needs a variable-length look-behind)
_LABEL_ONLY = re.compile(_LABELS, re.IGNORECASE)
_GREETING_WORD = re.compile(r"(?=[hd])\b(?:hi|hello|dear)\s", re.IGNORECASE)


# the single pass over each text tells which of these may match (see `gates`)
gates.prefilter(_LABEL_CUE, _LABEL_ONLY)


def label_cues(doc: Document) -> Iterator[re.Match[str] | regex.Match[str]]:
    """Every name label or greeting in the text, in order (see `_LABEL_CUE`)."""
    pattern = _LABEL_CUE if _GREETING_WORD.search(doc.text) else _LABEL_ONLY
    return doc.finditer(pattern)


# "-- T. Mills", "— Dr Jo Bloggs": a sign-off at the start of a line
_SIGNATURE = regex.compile(r"(?m)(?:^|\s)(?:--|—|–)\s*(?=\p{L})")
_SURNAME_FIRST = regex.compile(r"\b(\p{Lu}[\p{L}'’-]+),\s+(\p{Lu}[\p{L}'’-]+)\b")

_NOT_NAME_ENDINGS = (
    "ing", "ed", "tion", "sion", "ment", "ness", "able", "ible", "ive", "ous", "ide", "ase",
    "itis", "ology", "emia", "uria", "ectomy", "otomy", "olol", "pril", "mab", "nib",
    "ium", "ate", "ally", "ful", "less", "ical",
)


def _unknown_but_not_a_name(token: str) -> bool:
    """An unknown word whose shape or make says it is not a name: "Transfusing", "PAsat",
    "D/C'd", "Pcv", a drug ("Kefzol"), a clipped clinical word ("Afeb", "Bronch", "Clinda")."""
    word = _base(token.casefold())
    if word.endswith(_NOT_NAME_ENDINGS) or word.endswith(("'d", "’d")):
        return True
    if word in lexicon.drug_words() or (len(word) <= 7 and lexicon.is_clipped_term(word)):
        return True
    if word.isascii() and len(word) >= 2 and not any(c in "aeiouy" for c in word):
        return True  # no vowel: "Pcv", "Hsb" are abbreviations
    inner = token[1:]
    # internal capitals ("PAsat", "BiLevel") except Mc/Mac/O'/De prefixes
    return any(c.isupper() for c in inner) and not _NAME_PREFIX.match(token)


_RELATION_WORD = regex.compile(RELATIONS, regex.IGNORECASE)
_RELATION_NOUNS = tuple(
    w for w in RELATIONS.split("|") if w.isalpha() and len(w) >= 5 and w != "friend"
)
_BREAK = regex.compile(r"[,;:()]")
_NAME_PREFIX = regex.compile(r"(?:Mc|Mac|O'|O’|De|Di|Da|La|Le|Van|Von)\p{Lu}")
_COMPOUND_SPLIT = regex.compile(r"[-/]")
_ROMAN = regex.compile(r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X)[abcABC]?")


def _clinical_compound(word: str) -> bool:
    """"MR-conditional", "SUVmax": a compound with a clinical or everyday part."""
    parts = [p for p in _COMPOUND_SPLIT.split(word) if p]
    if len(parts) > 1 and any(
        lexicon.is_medical(p) or lexicon.common_word(p) or p in lexicon.MEDICAL_ACRONYMS
        for p in parts
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


@cache
def relation_word(word: str) -> bool:
    """A word for a relative, spelt right or with a slip ("dauther", "brather", "grandaughter"),
    or a compound led by a plain English word ("phoned-family"; not "Rob-who")."""
    if _RELATION_WORD.fullmatch(word) or (
        _clinical_compound(word) and not lexicon.is_personal_name(_COMPOUND_SPLIT.split(word)[0])
    ):
        return True
    if len(word) < 5 or not word.isascii():
        return False
    return slip_of(word, _RELATION_NOUNS, 1 if len(word) < 6 else 2)


def _after_relation(tok: Token) -> bool:
    """The word after "his wife": a first name, or a word that is not English or medical."""
    word = _base(tok.text.casefold())
    if word.endswith(("'d", "’d")) or (not _name_listed(tok) and relation_word(word)):
        return False
    if not tok.is_title and misspelt_common(word):
        return False  # "WIFE AGRESS THAT...", "husband visisted"; "wife Presnt" is a name
    if lexicon.is_first_name(word) and (
        tok.is_title or lexicon.word_frequency(word) < 2e-4 or not lexicon.common_word(word)
    ):
        return True
    return not lexicon.common_word(word) and not lexicon.is_medical(word)


_is_name_word = lexicon.is_personal_name


def _name_listed(tok: Token) -> bool:
    return lexicon.is_personal_name(tok.text.casefold())


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


def _unknown_word(word: str) -> bool:
    """Neither English nor medical nor a name we know: "Przybylo", "Lomish"."""
    return (
        len(word) >= 3 and word not in STOP and lexicon.word_frequency(word) < 1e-6
        and not lexicon.common_word(word) and not lexicon.is_medical(word)
        and not _unknown_but_not_a_name(word) and not misspelt_medical(word)
    )


def _continues_name(tok: Token, doc: Document, strong: bool = False) -> bool:
    """After a cue's first word, is this one still part of the name?

    After a strong cue (a title, a label) an unknown word goes on with the name even
    where capitals say nothing: "MR. EDWIN PRZYBYLO IS"."""
    word = tok.text.casefold()
    if len(word) == 1:
        return True
    if _name_listed(tok) and not lexicon.common_word(word):
        return True
    if doc.caseless:
        return (_name_listed(tok) and not lexicon.is_medical(word)) or (
            strong and _unknown_word(word)
        )
    return tok.is_title and not lexicon.is_medical(word) and (
        _name_listed(tok) or lexicon.word_frequency(word) < 1e-6
    )


# what may follow a name where capitals carry no signal: "MR SHAW ON 23/10", "mr wong (n.w.)"
_NAME_CLOSE = regex.compile(
    r"\s*(?:[(,;]|$)|\s+(?:was|is|on|and|who|had|has|presented|underwent|aged|dob|d\.o\.b|"
    r"called|said|aware|notified|paged|spoke|updated|informed)\b",
    regex.IGNORECASE,
)


def _is_initial(text: str, tok: Token) -> bool:
    """A single letter with a full stop after it: the "A." of "Dr A. Morris"."""
    return len(tok.text) == 1 and tok.text.isalpha() and text[tok.end : tok.end + 1] == "."


def _word_name_paired(text: str, nxt: Token) -> bool:
    """After a first name that is also a word ("Frank", "Jack"), what makes it a name:
    an initial with a full stop, or a capitalised surname that is not a word itself."""
    if len(nxt.text) == 1:
        return nxt.text.isupper() and text[nxt.end : nxt.end + 1] == "."
    word = _base(nxt.text.casefold())
    return (
        nxt.is_title and word in lexicon.last_names() and not lexicon.common_word(word)
        and word not in STOP
    )


def _word_then_surname(tokens: list[Token], j: int, caseless: bool = False) -> bool:
    """A first name that is also a word, then a surname: "Will Cole", "NAME: APRIL DAVENPORT".

    Both capitalised, or, where capitals say nothing, the surname in the name lists and not
    a medical word (it follows a title or a label: "NAME: APRIL DAVENPORT")."""
    tok = tokens[j]
    if j + 1 >= len(tokens) or not lexicon.is_first_name(tok.text.casefold()):
        return False
    nxt = tokens[j + 1]
    word = nxt.text.casefold()
    if nxt.start != tok.end + 1 or not _name_listed(nxt) or word in STOP:
        return False
    if caseless:
        return not lexicon.is_medical(word)
    return tok.is_title and nxt.is_title


def _surname_shaped(tok: Token, doc: Document) -> bool:
    """After a cue and an initial ("Dr A. Morris"): a capitalised word, or a listed name."""
    word = tok.text.casefold()
    if not _WORDLIKE.match(tok.text) or (word in STOP and word not in DEMONYMS):
        return False
    if doc.caseless:
        return _name_listed(tok) or not (
            lexicon.common_word(tok.text.casefold()) or lexicon.is_medical(tok.text.casefold())
        )
    return tok.is_title


def _name_then_close(doc: Document, tokens: list[Token], j: int) -> bool:
    """One or two listed name words from token ``j``, then what ends a name ("was", "(").

    A medical word ends a name only after a first name: "MR BRAIN WAS" is not a person,
    "MISS THOMAS WHITE WAS" is."""
    text = doc.text
    first = j < len(tokens) and lexicon.is_first_name(tokens[j].text.casefold())
    for k in (j, j + 1):
        if k >= len(tokens):
            return False
        tok = tokens[k]
        word = _base(tok.text.casefold())
        if not (_name_listed(tok) or _unknown_word(word)) or word in STOP:
            return False
        medical = lexicon.is_medical(word)
        if medical and not first:
            return False
        if k > j and text[tokens[k - 1].end : tok.start] != " ":
            return False
        if _NAME_CLOSE.match(text, tok.end) and not (medical and k == j):
            return True
    return False


def _title_applies(doc: Document, tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` is a title ("Dr", "Mrs") with a name after it."""
    tok, text = tokens[i], doc.text
    word = tok.text.casefold()
    if word not in lexicon.TITLES or text[tok.end : tok.end + 1] in {":", "/", "-", "!", "?"}:
        return False  # "MS: sedated", "MS/neuro" are mental status, not Ms; "Yes, Doctor!"
    if word in {"mr", "ms"} and tok.start and text[tok.start - 1] in "+/0123456789":
        return False  # "3-4+MR.", "AS/MS": a grade of a valve lesion
    if i + 1 >= len(tokens) or not (
        _after_title(tokens[i + 1]) or _is_initial(text, tokens[i + 1])
    ):
        return False
    nxt = tokens[i + 1]
    period = _followed_by_period(text, tok)
    caseless = tok.text.isupper() or doc.caseless
    # where capitals say nothing, "MR KELLY WAS" and "ms downs on" are people; "MR BRAIN" is not
    closed = caseless and _name_then_close(doc, tokens, i + 1)
    if word in {"mr", "ms"} and caseless and not (
        _name_listed(nxt) and not lexicon.common_word(_base(nxt.text.casefold()))
    ) and not period and not closed:
        return False  # "MR" mitral regurgitation, "MS" mental status
    if word in {"mr", "ms"} and (caseless or tok.text.islower()) and not closed:
        # "severe MR. Arrived", "changes in MS. Aspiration", "ms given": a sentence goes on
        following = _base(nxt.text.casefold())
        if lexicon.is_only_medical(following) or (
            lexicon.common_word(following) and not _name_listed(nxt)
        ) or (tok.text.islower() and nxt.text.islower() and not doc.caseless):
            return False
    return (
        not _is_name_word(word) or period or (tok.is_title and nxt.is_title) or closed
    )
