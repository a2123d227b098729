"""A policy document's level (国家级 … 县级) and the enterprises its region reaches.

The level says how much of a region code counts: a 国家级 document reaches every
enterprise, a 省级 one (``370000``) those whose code starts with ``37``, a 市级 one
(``371500``) ``3715…``, a 县级 one its own county only. A functional zone (``Z01``, not a
GB/T 2260 code) lies within its parent: a city's or province's document reaches it too.

One rule for matching (``reaches``) and for the rule SQL (``rule_sql.scope``), so that
reach and match cannot disagree on who a document is for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

NATIONAL = "国家级"
PROVINCIAL = "省级"
CITY = "市级"
COUNTY = "县级"
LEVELS = (NATIONAL, PROVINCIAL, CITY, COUNTY)
# The code a 国家级 document names (GB/T 2260 lists the country as 100000).
NATION_CODE = "100000"

_PROVINCE = re.compile(r"^[1-9][0-9]0000$")
_CITY = re.compile(r"^[1-9][0-9]{3}00$")
_COUNTY = re.compile(r"^[1-9][0-9]{5}$")


def shape_problem(level: str, region: str) -> str | None:
    """Why ``region`` cannot be the region of a document of ``level``; None when it can.
    A county-level unit may be a functional zone (``Z01``): its code is the system's own."""
    if level == NATIONAL:
        return None if region == NATION_CODE else f"国家级文件的行政区划代码应为 {NATION_CODE}，实际是 {region!r}"
    if level == PROVINCIAL:
        if _PROVINCE.match(region) and region != NATION_CODE:
            return None
        return f"省级文件的行政区划代码应为省级代码（如 370000，后四位为 0），实际是 {region!r}"
    if level == CITY:
        if _CITY.match(region) and not region.endswith("0000"):
            return None
        return f"市级文件的行政区划代码应为市级代码（如 371500，后两位为 0），实际是 {region!r}"
    if level == COUNTY:
        if region.isdigit() and not (_COUNTY.match(region) and not region.endswith("00")):
            return f"县级文件的行政区划代码应为县级代码（如 371502），实际是 {region!r}"
        return None
    return None


@dataclass(frozen=True, slots=True)
class RegionScope:
    """The enterprises a document is for: every one (prefix ""), those whose region code
    starts with ``prefix``, or (prefix None) those whose code is ``region`` exactly."""

    region: str
    prefix: str | None

    def reaches(self, enterprise_region: str | None, parents: Mapping[str, str]) -> bool:
        """``parents``: functional zone → the code it lies within (reference.zone_parents)."""
        if self.prefix == "":
            return True
        if enterprise_region is None:
            return False
        if self.prefix is None:
            return enterprise_region == self.region
        return parents.get(enterprise_region, enterprise_region).startswith(self.prefix)

    @property
    def everywhere(self) -> bool:
        return self.prefix == ""


def region_scope(level: str, region: str) -> RegionScope:
    """The scope of a document. A stored document whose region does not have its level's
    shape (imported before levels were checked) keeps the scope it always had: its region
    exactly, unless it is the city's."""
    if shape_problem(level, region) is None:
        if level == NATIONAL:
            return RegionScope(region, "")
        if level == PROVINCIAL:
            return RegionScope(region, region[:2])
        if level == CITY:
            return RegionScope(region, region[:4])
    return RegionScope(region, None)
