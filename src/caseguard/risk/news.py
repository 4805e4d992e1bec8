"""Newsworthiness: events and people the media may have reported.

The guidance singles out "cases that have received media attention": a reader who
saw the news story can recognise the patient from the case. Each cue below is an
event or circumstance that tends to be reported (shootings, crashes of planes,
trains or buses, disasters, attacks by animals, custody deaths, injuries of elite
athletes, celebrities) with the clinical wording that keeps the teaching value
without the story. Ordinary mechanisms ("motor vehicle collision", "fall from
height", "dog bite") are deliberately absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

__all__ = ["CUES", "NewsCue", "NewsHit", "find_news"]


@dataclass(frozen=True, slots=True)
class NewsCue:
    label: str
    pattern: str
    replacement: str


@dataclass(frozen=True, slots=True)
class NewsHit:
    start: int
    end: int
    label: str
    replacement: str


_VICTIM = r"(?:victims?|survivors?|casualt(?:y|ies)|injured|wounded|involved|caught)"
CUES: tuple[NewsCue, ...] = (
    NewsCue("shooting", r"(?:mass\s+|school\s+|drive-by\s+|police\s+)?shootings?|gunman|"
            r"shot\s+(?:by\s+(?:police|a\s+gunman|an?\s+(?:intruder|officer|sniper))|dead)|"
            r"(?:was|were|got)\s+shot\b", "gunshot wound"),
    NewsCue("stabbing", r"stabbings?|stabbed\s+(?:by|in\s+a|during)|knife\s+(?:attack|crime)|"
            r"machete\s+attack", "penetrating injury"),
    NewsCue("mass casualty", r"mass[-\s]casualty|major\s+incident|multiple\s+casualties|"
            r"crowd\s+(?:crush|surge)|stampede|stadium\s+(?:collapse|disaster)",
            "high-energy trauma"),
    NewsCue("crash of a plane, train, bus or boat",
            r"(?:plane|air|aircraft|airplane|aeroplane|helicopter|light\s+aircraft|glider|"
            r"train|rail|railway|bus|coach|ferry|boat|school\s+bus|tram|cable\s+car|"
            r"hot[-\s]air\s+balloon)\s+(?:crash|accident|disaster|derailment|collision|sinking)|"
            r"derail(?:ed|ment)|capsized|shipwreck|pile-?up\s+on\s+the", "high-energy trauma"),
    NewsCue("disaster", r"earthquake|tsunami|hurricane|tornado|typhoon|cyclone|avalanche|"
            r"landslide|mudslide|volcanic\s+eruption|wildfire|bush\s?fire|forest\s+fire|"
            r"(?:flash\s+)?floods?\s+in|building\s+collapse|tower\s+block\s+fire|"
            r"(?:house|hotel|factory|nightclub|apartment|club)\s+fire\s+(?:in|at)|"
            r"gas\s+explosion|industrial\s+explosion|chemical\s+(?:leak|spill)|"
            r"bridge\s+collapse|mine\s+collapse|trapped\s+(?:underground|in\s+the\s+rubble)",
            "environmental injury"),
    NewsCue("attack or bombing", r"terror(?:ist)?\s+(?:attack|incident)|terrorism|bombings?|"
            r"suicide\s+bomber|car\s+bomb|explosive\s+device|\bied\b|blast\s+(?:victim|injur)|"
            r"acid\s+attack|poisoning\s+(?:plot|attack)|nerve\s+agent|novichok|hostage|"
            r"ramming\s+attack|riots?\b", "blast or assault injury"),
    NewsCue("elite or professional athlete",
            r"(?:professional|elite|olympic|paralympic|premier\s+league|premiership|nfl|nba|"
            r"mlb|nhl|international|national[-\s]team|world[-\s]class|world\s+champion|"
            r"first[-\s]team|semi-professional)\s+(?:[\p{L}-]+\s+){0,2}"
            r"(?:athlete|player|footballer|sprinter|swimmer|gymnast|jockey|boxer|cyclist|"
            r"runner|skier|rower|golfer|cricketer|tennis\s+player|rugby\s+player|fighter|"
            r"wrestler|climber|diver|skater)|olympian|world\s+record\s+holder|"
            r"during\s+(?:the\s+)?(?:olympics|world\s+cup|cup\s+final|grand\s+prix|marathon\s+in)",
            "a sportsperson"),
    NewsCue("public figure", r"celebrit(?:y|ies)|famous|well[-\s]known\s+(?:\w+\s+)?"
            r"(?:actor|actress|singer|musician|author|presenter|athlete|figure|personality|"
            r"businessman|businesswoman)|household\s+name|public\s+figure|"
            r"(?:pop|rock|film|movie|tv|television|reality\s+tv)\s+star|politician|"
            r"member\s+of\s+parliament|senator|congress(?:man|woman)|cabinet\s+minister|"
            r"prime\s+minister|president\s+of|governor|mayor\s+of|royal\s+family|"
            r"head\s+of\s+state|influencer|youtuber", "an adult"),
    NewsCue("custody or prison", r"prisoners?|inmates?|in\s+(?:police|prison|immigration)\s+"
            r"(?:custody|detention)|police\s+custody|while\s+in\s+custody|under\s+arrest|"
            r"death\s+row|detention\s+cent(?:re|er)|hunger\s+strike|tasered|taser|"
            r"pepper\s+spray(?:ed)?|rubber\s+bullet", "an adult"),
    NewsCue("media coverage", r"(?:featured|reported|covered|appeared)\s+(?:in|on|by)\s+(?:the\s+)?"
            r"(?:local\s+|national\s+)?(?:news|press|media|newspapers?|television|tv)|"
            r"(?:news|media|press)\s+(?:coverage|attention|reports?)|went\s+viral|viral\s+video|"
            r"headlines|social\s+media\s+(?:attention|appeal)|gofundme|crowdfunding",
            "drop the mention of media coverage"),
    NewsCue("lightning strike", r"(?:struck|hit)\s+by\s+lightning|lightning\s+(?:strike|injur)",
            "electrical injury"),
    NewsCue("animal attack", r"(?:shark|bear|crocodile|alligator|lion|tiger|elephant|hippo|"
            r"jellyfish|stingray|cougar|puma|wolf|leopard|bull|cow|horse\s+stampede|"
            r"snake)\s+(?:attack|bite|mauling|goring|sting)|gored\s+by|mauled\s+by|"
            r"trampled\s+by", "animal-related injury"),
    NewsCue("unusual foreign body or injury", r"impaled\s+(?:on|by)|nail[-\s]gun|crossbow|"
            r"harpoon|spear\s?gun|(?:arrow|bolt)\s+(?:wound|injury|in)|chainsaw|"
            r"swallowed\s+(?:a\s+)?(?:live|whole|\d+)|self-inserted|"
            r"(?:fish|eel|light\s+bulb)\s+in\s+the\s+(?:rectum|bladder|urethra)",
            "penetrating injury"),
    NewsCue("missing person or rescue", r"missing\s+for\s+\d+|search\s+and\s+rescue|"
            r"mountain\s+rescue|airlifted\s+from|rescued\s+(?:from|after)|lost\s+at\s+sea|"
            r"stranded\s+(?:on|for)", "a rescue"),
    NewsCue("record or first", r"world's\s+(?:oldest|youngest|largest|heaviest|first)|"
            r"guinness|record-breaking|oldest\s+(?:living|surviving)|youngest\s+ever",
            "drop the superlative"),
)
_COMPILED = tuple(
    (cue, regex.compile(rf"\b(?:{cue.pattern})", regex.IGNORECASE)) for cue in CUES
)


def find_news(text: str) -> Iterator[NewsHit]:
    for cue, pattern in _COMPILED:
        for m in pattern.finditer(text):
            yield NewsHit(m.start(), m.end(), cue.label, cue.replacement)
