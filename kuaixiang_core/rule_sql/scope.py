"""A document's region scope (domain.rules.levels) as SQL over ``enterprise e``.

The same rule as ``RegionScope.reaches``, which the agreement tests hold it to: everyone for a
国家级 document, a prefix of the region code for 省级 and 市级 (a functional zone counting
as its parent's), the code itself for 县级.
"""

from __future__ import annotations

from collections.abc import Mapping

from kuaixiang_core.domain.rules.levels import RegionScope


def scope_condition(scope: RegionScope, parents: Mapping[str, str]) -> tuple[str | None, dict[str, object]]:
    """(condition, parameters), or (None, {}) where the scope reaches every enterprise.
    Parameter names start with ``scope``; ``parents``: zone → the code it lies within."""
    if scope.everywhere:
        return None, {}
    if scope.prefix is None:
        return "(e.region_code = :scope)", {"scope": scope.region}
    # substr, not LIKE: the same on both databases whatever their LIKE's case rules.
    params: dict[str, object] = {"scope_prefix": scope.prefix}
    condition = f"substr(e.region_code, 1, {len(scope.prefix)}) = :scope_prefix"
    zones = sorted(z for z, parent in parents.items() if parent.startswith(scope.prefix))
    if zones:
        names = [f"scope_z{n}" for n in range(len(zones))]
        params.update(zip(names, zones, strict=True))
        condition = f"{condition} OR e.region_code IN ({', '.join(':' + n for n in names)})"
    return f"({condition})", params


def scoped(scope: RegionScope, parents: Mapping[str, str], condition: str, params: dict) -> tuple[str, dict]:
    """``condition`` (a rule's) limited to the enterprises ``scope`` reaches."""
    where, extra = scope_condition(scope, parents)
    if where is None:
        return condition, params
    return f"{where} AND {condition}", {**params, **extra}


def narrows(scope: RegionScope) -> bool:
    """The scope leaves few rows (one county): a rule's declared facts are best read per row."""
    return scope.prefix is None
