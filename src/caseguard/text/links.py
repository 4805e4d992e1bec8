"""Ways of reaching a person on a network: e-mail addresses, links, IP addresses, handles.

Each is a pattern table with a validation hook: a link needs a scheme, "www.", a path or a
known top-level domain; an IP address must parse; a handle must not be an everyday word.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import ClassVar

import regex
from wordfreq import zipf_frequency

from caseguard.findings import Category, Finding
from caseguard.text.base import Detector, Pattern, PatternDetector
from caseguard.text.document import Document

__all__ = ["DETECTORS", "EmailDetector", "HandleDetector", "IpDetector", "UrlDetector"]


class EmailDetector(PatternDetector):
    """E-mail addresses, including the "name at domain dot com" spelling."""

    name: ClassVar[str] = "email"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.EMAIL})
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern(
            "address",
            r"(?<![\w.+-])[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}\b",
            Category.EMAIL, 0.95, gate="@",
        ),
        Pattern(
            "spelled-out",
            r"(?<![\w.])[\w.+-]+\s*[\[(]\s*at\s*[\])]\s*[\w-]+"
            r"(?:\s*(?:[\[(]\s*dot\s*[\])]|\.)\s*[\w-]+)+",
            Category.EMAIL, 0.85, gate=r"[\[(]\s*at\s*[\])]",
        ),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = ("email", "e-mail", "mail")
    CONTEXT_BOOST: ClassVar[float] = 0.05


# Top-level domains trusted without a scheme, "www." or a path.
_TLDS = (
    "com|org|net|edu|gov|mil|int|info|biz|io|ai|app|dev|health|care|clinic|hospital|"
    "nhs\\.uk|nhs\\.net|co\\.uk|org\\.uk|ac\\.uk|gov\\.uk|com\\.au|org\\.au|edu\\.au|gov\\.au|"
    "net\\.au|co\\.nz|org\\.nz|govt\\.nz|ac\\.nz|co\\.in|gov\\.in|ie|ca|au|nz|uk|us|de|fr|"
    "eu|me|tv|ly|to|co"
)


class UrlDetector(PatternDetector):
    """Links: with a scheme, starting "www.", or a bare domain with a path or a known TLD."""

    name: ClassVar[str] = "url"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.URL})
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern("scheme", r"\b(?:https?|ftp|sftp)://[^\s<>\"')\]]+[^\s<>\"')\].,;:!?]",
                Category.URL, 0.9, gate="://"),
        Pattern("www", r"\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[^\s<>\"')\]]*[^\s<>\"')\].,;:!?])?",
                Category.URL, 0.9, gate=r"www\."),
        # a domain of at least two letters per label, so "e.g." or "p.o." never match (the
        # lookahead asks for a letter after the first character without backtracking)
        Pattern(
            "domain",
            r"(?<![\w@.-])(?:[a-z0-9](?=[a-z0-9-]*[a-z])[a-z0-9-]*\.)+(?:" + _TLDS + r")"
            r"(?![\w-]|\.[a-z])(?:/[^\s<>\"')\]]*[^\s<>\"')\].,;:!?])?",
            Category.URL, 0.6, gate=r"\.(?:" + _TLDS + ")",
        ),
        Pattern(
            "domain-path",
            r"(?<![\w@.-])(?:[a-z0-9-]+\.)+[a-z]{2,12}/[^\s<>\"')\]]*[a-z0-9_=#-]",
            Category.URL, 0.5, gate=r"\.[a-z]{2,12}/",
        ),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "website", "web site", "link", "url", "page", "blog", "site", "online", "posted",
    )

    def validate(self, pattern: Pattern, value: str) -> float | None:
        if pattern.name not in ("domain", "domain-path"):
            return pattern.score
        host = value.split("/", 1)[0]
        labels = host.lower().split(".")
        if pattern.name == "domain-path":
            # "mg.kg/day" or "i.v./p.o." are units and abbreviations, not hosts
            if any(len(label) < 2 for label in labels) or not labels[-1].isalpha():
                return None
            if host.lower() in _NOT_HOSTS or (not labels[0].isalpha() and not any(
                c.isalpha() for c in labels[0]
            )):
                return None
            # "STABLE.NITRO/AGGRESTAT": a missing space, not a top-level domain
            if len(labels[-1]) > 2 and labels[-1] not in _GENERIC_TLDS:
                return None
        # "ordered.to start", "WARM.CO": a sentence run into a word that is also a TLD
        if len(labels) == 2 and labels[-1] in _WORD_TLDS and "/" not in value and (
            zipf_frequency(labels[0], "en") >= COMMON_WORD_ZIPF
        ):
            return None
        return pattern.score


_NOT_HOSTS = frozenset({"mg.kg", "ml.kg", "u.kg", "mcg.kg"})
_WORD_TLDS = frozenset({"to", "co", "me", "us", "in", "is", "it", "be", "at", "am", "no", "so",
                        "do", "go", "my", "an", "as", "by", "of", "on", "or", "up", "we"})
_GENERIC_TLDS = frozenset({"com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "app",
                           "dev", "health", "care", "clinic", "hospital", "blog", "online", "site",
                           "page", "link", "web", "xyz", "news", "media", "live", "life"})


class IpDetector(PatternDetector):
    """IPv4 and IPv6 addresses, checked by ``ipaddress``; version numbers are not addresses."""

    name: ClassVar[str] = "ip"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.IP})
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern("ipv4", r"(?=\d)(?<![\w./])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)", Category.IP, 0.8,
                gate=r"\.(?<=\d\.)\d{1,3}\.\d{1,3}\.\d"),
        Pattern(
            "ipv6",
            r"(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{0,4}|(?:\d{1,3}\.){3}\d{1,3})"
            r"(?![\w:])",
            Category.IP, 0.8, gate=r":[0-9a-f]{0,4}:",
        ),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = ("ip", "address", "host", "server", "logged in from")
    CONTEXT_BOOST: ClassVar[float] = 0.15
    _VERSION = regex.compile(r"\b(?:v|ver|version|release|build|software|firmware)\.?\s*$",
                             regex.IGNORECASE)

    def validate(self, pattern: Pattern, value: str) -> float | None:
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return None
        if pattern.name == "ipv6" and (value.count(":") < 3 and "::" not in value):
            return None
        if address.version == 4 and address.is_unspecified:
            return None
        return pattern.score

    def detect(self, doc: Document) -> Iterator[Finding]:
        for finding in super().detect(doc):
            before = doc.text[max(0, finding.start - 20) : finding.start]
            if self._VERSION.search(before):
                continue
            yield finding


class HandleDetector(PatternDetector):
    """Social-media handles and messaging IDs ("@jsmith", "Skype: john.smith")."""

    name: ClassVar[str] = "contact"
    categories: ClassVar[frozenset[Category]] = frozenset({Category.CONTACT})
    PATTERNS: ClassVar[tuple[Pattern, ...]] = (
        Pattern("at-handle", r"(?<![\w.@/])@[a-z][a-z0-9_.]{2,29}(?<!\.)\b(?!@)", Category.CONTACT,
                0.4, gate="@"),
        Pattern(
            "messaging-id",
            r"\b(?:skype|telegram|wechat|snapchat|discord|signal|kik|line)"
            r"(?:\s+(?:id|name|handle|username))?\s*[:=]\s*(?P<id>@?[a-z0-9][\w.\-#]{2,31}\w)",
            Category.CONTACT, 0.75, group="id",
            gate="skype|telegram|wechat|snapchat|discord|signal|kik|line",
        ),
        Pattern(
            "handle-label",
            r"\b(?:handle|username|user\s+name|screen\s+name)\s*[:=]?\s*(?P<id>@?[a-z0-9_][\w.]{2,29}\w)",
            Category.CONTACT, 0.5, group="id", gate="handle|user|screen",
        ),
    )
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "twitter", "tweet", "tweeted", "instagram", "insta", "tiktok", "facebook", "snapchat",
        "x", "threads", "mastodon", "dm", "handle", "account", "posted", "youtube", "reddit",
    )
    CONTEXT_BOOST: ClassVar[float] = 0.35

    def validate(self, pattern: Pattern, value: str) -> float | None:
        word = value.lstrip("@").lower()
        # "IVF @KVO": an abbreviation after "at" in a note written in capitals
        if pattern.name == "at-handle" and value[1:].isupper() and len(value) <= 6:
            return pattern.score - 0.35
        # "@home", "@rest": shorthand for "at", unless a platform is named nearby
        if zipf_frequency(word, "en") >= COMMON_WORD_ZIPF:
            return pattern.score - 0.35 if pattern.name == "at-handle" else None
        return pattern.score


# wordfreq's Zipf scale: 3 is about once per million words
COMMON_WORD_ZIPF = 3.0


DETECTORS: tuple[type[Detector], ...] = (EmailDetector, UrlDetector, IpDetector, HandleDetector)
