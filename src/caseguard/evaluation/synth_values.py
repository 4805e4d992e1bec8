"""Identifying values for the synthetic case generator, drawn from a seeded source.

Names, streets and towns come from Faker in several English-speaking locales;
identifiers are checksum-valid where a checksum exists (NHS, SSN, SIN, PPS,
Aadhaar and ABN through python-stdnum; Australian Medicare and VINs computed
here). Every value is fictitious; the checksums only make the hard cases realistic.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable

from faker import Faker
from stdnum import luhn
from stdnum.au import abn
from stdnum.gb import nhs
from stdnum.ie import pps
from stdnum.in_ import aadhaar
from stdnum.us import ssn

__all__ = ["LOCALES", "Values"]

LOCALES = ("en_GB", "en_AU", "en_IE", "en_CA", "en_US", "en_IN", "en_NZ")

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DIGITS = string.digits
_UPPER = string.ascii_uppercase


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Values:
    """A seeded source of fictitious identifying values for one locale at a time."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._faker = Faker(list(LOCALES))
        self._faker.seed_instance(seed)
        self.locale = "en_GB"

    # -- helpers -----------------------------------------------------------------
    def choice(self, options: tuple[str, ...] | list[str]) -> str:
        return options[self.rng.randrange(len(options))]

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice(_DIGITS) for _ in range(n))

    def letters(self, n: int) -> str:
        return "".join(self.rng.choice(_UPPER) for _ in range(n))

    def use_locale(self, locale: str) -> None:
        """Switch locale and reseed it, so that locales sharing name lists still differ."""
        self.locale = locale
        self._faker[locale].seed_instance(self.rng.getrandbits(64))

    @property
    def fake(self) -> Faker:
        return self._faker[self.locale]

    def _checked(self, make: Callable[[], str], valid: Callable[[str], bool]) -> str:
        for _ in range(200):
            value = make()
            if valid(value):
                return value
        raise RuntimeError("no checksum-valid value found")  # pragma: no cover

    # -- people ------------------------------------------------------------------
    def first_name(self) -> str:
        return str(self.fake.first_name())

    def last_name(self) -> str:
        return str(self.fake.last_name())

    # -- dates and ages ----------------------------------------------------------
    def date(self) -> str:
        d = dt.date(1925, 1, 1) + dt.timedelta(days=self.rng.randrange(365 * 100))
        m, mon = _MONTHS[d.month - 1], _MONTHS[d.month - 1][:3]
        forms = (
            f"{d.day} {m} {d.year}", f"{d.day:02d}/{d.month:02d}/{d.year}",
            f"{d.month}/{d.day}/{d.year}", f"{d.year}-{d.month:02d}-{d.day:02d}",
            f"{m} {_ordinal(d.day)}, {d.year}", f"{mon} {d.day}, {d.year}",
            f"{d.day}-{mon}-{d.year}", f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}",
            f"{d.day}/{d.month}/{d.year % 100:02d}", f"{_ordinal(d.day)} of {m}",
            f"{d.day} {mon}", f"{m} {d.year}", f"{d.year}{d.month:02d}{d.day:02d}",
            f"{d.day:02d}-{mon.upper()}-{d.year}", f"{m} {d.day}",
        )
        return self.choice(forms)

    def age_over_89(self) -> str:
        return str(self.rng.randint(90, 106))

    # -- places ------------------------------------------------------------------
    def street(self) -> str:
        return str(self.fake.street_address()).replace("\n", ", ")

    def town(self) -> str:
        return str(self.fake.city())

    def hospital(self) -> str:
        town, name = self.town(), self.last_name()
        return self.choice((
            f"{town} General Hospital", f"St {name}'s Hospital", f"Royal {town} Infirmary",
            f"{town} Medical Centre", f"{name} Memorial Hospital", f"{town} Community Clinic",
            f"{town} Base Hospital", f"{town} Children's Hospital", f"{name} Radiology",
        ))

    def postcode(self) -> str:
        kind = self.rng.randrange(8)
        if kind == 0:  # UK full
            return str(self._faker["en_GB"].postcode())
        if kind == 1:  # UK outward code only
            return str(self._faker["en_GB"].postcode()).split()[0]
        if kind == 2:
            return self.digits(5)
        if kind == 3:
            return f"{self.digits(5)}-{self.digits(4)}"
        if kind == 4:  # Australia, always with its state so it reads as a postcode
            return f"{self.rng.randint(2000, 7999)}"
        if kind == 5:
            return str(self._faker["en_CA"].postalcode())
        if kind == 6:  # Eircode: routing key + unique identifier
            key = self.choice(("D02", "D6W", "A65", "T12", "H91", "V94", "X91", "F92"))
            return f"{key} {self.choice(tuple('ACDEFHKNPRTVWXY'))}{self.digits(1)}" \
                   f"{self.choice(tuple('ACDEFHKNPRTVWXY'))}{self.digits(1)}"
        return self.digits(6)  # India PIN

    # -- contact -----------------------------------------------------------------
    def phone(self) -> str:
        d = self.digits
        forms = (
            f"020 {d(4)} {d(4)}", f"07{d(3)} {d(6)}", f"+44 7{d(3)} {d(6)}",
            f"(0{self.rng.randint(2, 8)}) {d(4)} {d(4)}", f"04{d(2)} {d(3)} {d(3)}",
            f"+61 4{d(2)} {d(3)} {d(3)}", f"({self.rng.randint(201, 989)}) {d(3)}-{d(4)}",
            f"{self.rng.randint(201, 989)}-{d(3)}-{d(4)}", f"+1 {self.rng.randint(201, 989)} "
            f"{d(3)} {d(4)}", f"01 {d(3)} {d(4)}", f"08{self.rng.randint(3, 9)} {d(3)} {d(4)}",
            f"+91 9{d(4)} {d(5)}", f"+353 8{self.rng.randint(3, 9)} {d(3)} {d(4)}",
        )
        return self.choice(forms) if self.rng.random() < 0.8 else str(self.fake.phone_number())

    def email(self, first: str, last: str) -> str:
        if self.rng.random() < 0.5:
            return str(self.fake.email())
        sep = self.choice((".", "_", ""))
        local = f"{first}{sep}{last}".lower().replace(" ", "").replace("'", "")
        return f"{local}{self.rng.randint(1, 99) if self.rng.random() < 0.3 else ''}" \
               f"@{self.fake.free_email_domain()}"

    def url(self) -> str:
        host = str(self.fake.domain_name())
        return self.choice((
            f"https://{host}/cases/{self.digits(6)}", f"http://www.{host}",
            f"https://pacs.{host}/viewer?study={self.digits(8)}",
            f"www.{host}/~{self.letters(3).lower()}",
            f"https://{host}/patient/{self.digits(5)}",
        ))

    def ip(self) -> str:
        return str(self.fake.ipv4_public()) if self.rng.random() < 0.85 else str(self.fake.ipv6())

    # -- identifiers -------------------------------------------------------------
    def nhs_number(self) -> str:
        value = self._checked(lambda: self.digits(10), nhs.is_valid)
        return f"{value[:3]} {value[3:6]} {value[6:]}" if self.rng.random() < 0.6 else value

    def ssn(self) -> str:
        return self._checked(
            lambda: f"{self.rng.randint(1, 665):03d}-{self.digits(2)}-{self.digits(4)}",
            ssn.is_valid)

    def medicare_au(self) -> str:
        first = str(self.rng.randint(2, 6)) + self.digits(7)
        check = sum(int(c) * w for c, w in zip(first, (1, 3, 7, 9, 1, 3, 7, 9), strict=True)) % 10
        return f"{first[:4]} {first[4:]}{check} {self.rng.randint(1, 9)}"

    def sin_ca(self) -> str:
        base = str(self.rng.randint(1, 7)) + self.digits(7)
        value = base + luhn.calc_check_digit(base)
        return f"{value[:3]} {value[3:6]} {value[6:]}"

    def pps_ie(self) -> str:
        return self._checked(lambda: self.digits(7) + self.letters(1) + self.choice(("", "A")),
                             pps.is_valid)

    def aadhaar_in(self) -> str:
        value = self._checked(lambda: str(self.rng.randint(2, 9)) + self.digits(11),
                              aadhaar.is_valid)
        return f"{value[:4]} {value[4:8]} {value[8:]}"

    def abn_au(self) -> str:
        value = self._checked(lambda: self.digits(11), abn.is_valid)
        return f"{value[:2]} {value[2:5]} {value[5:8]} {value[8:]}"

    def record_number(self) -> str:
        d = self.digits
        return self.choice((d(7), d(8), f"{self.letters(1)}{d(7)}", f"{d(3)}-{d(4)}",
                            f"{self.letters(2)}{d(6)}", f"{d(2)}-{d(5)}-{d(1)}", d(6)))

    def accession(self) -> str:
        d = self.digits
        return self.choice((f"{self.letters(2)}{d(8)}", f"{d(4)}-{d(6)}",
                            f"A{d(9)}", f"RAD{d(7)}", f"{d(10)}"))

    # -- vehicles and devices ----------------------------------------------------
    def plate(self) -> str:
        if self.rng.random() < 0.5:
            return str(self.fake.license_plate())
        return self.choice((f"{self.letters(2)}{self.digits(2)} {self.letters(3)}",
                            f"{self.digits(1)}{self.letters(3)}{self.digits(3)}",
                            f"{self.letters(3)}-{self.digits(3)}"))

    def vin(self) -> str:
        chars = "ABCDEFGHJKLMNPRSTUVWXYZ" + _DIGITS
        body = [self.rng.choice(chars) for _ in range(17)]
        values = {**{str(i): i for i in range(10)},
                  **dict(zip("ABCDEFGH", range(1, 9), strict=True)),
                  **dict(zip("JKLMN", range(1, 6), strict=True)), "P": 7, "R": 9,
                  **dict(zip("STUVWXYZ", range(2, 10), strict=True))}
        weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
        total = sum(values[c] * w for c, w in zip(body, weights, strict=True)) % 11
        body[8] = "X" if total == 10 else str(total)
        return "".join(body)

    def serial(self) -> str:
        d, a = self.digits, self.letters
        return self.choice((f"SN-{a(3)}{d(1)}-{d(6)}{a(1)}", f"{a(3)}{d(6)}{a(1)}",
                            f"{d(4)}-{d(4)}", f"{a(2)}{d(8)}", f"{a(1)}{d(3)}{a(2)}{d(4)}",
                            f"CT{d(5)}"))
