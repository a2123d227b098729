"""docs/catalogue.schema.json says what the importer says: every catalogue the project ships
or teaches from (the demo, docs/examples, tests/data/catalogue, a generated one) is valid
against it and imports, and shapes the importer refuses (an unknown kind of benefit, a 省级
document with a county's code or a misspelt key, a rate_cut with an amount, an unknown
operator) are refused by the schema too; and every catalogue the fuzz tests draw that the
importer accepts is valid."""

from __future__ import annotations

import copy
import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from jsonschema import Draft202012Validator
from test_catalogue_fuzz import catalogues as drawn_features
from test_catalogue_fuzz_history import _Plain
from test_catalogue_fuzz_history import catalogues as drawn_history

from kuaixiang_core.catalogue_files import CatalogueFileRejected, load_file, read_catalogue
from kuaixiang_core.demo.catalogue import generate_catalogue
from kuaixiang_core.domain.rules.catalogue import CatalogueRejected, check_catalogue
from kuaixiang_core.reference import base_facts, document_region_map

ROOT = Path(__file__).resolve().parents[5]
SCHEMA = json.loads((ROOT / "docs" / "catalogue.schema.json").read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
FILES = [
    ROOT / "resources" / "catalogue" / "demo.yaml",
    *sorted((ROOT / "docs" / "examples").glob("*.yaml")),
    *sorted((ROOT / "tests" / "data" / "catalogue").glob("*.yaml")),
]


def _plain(value):
    # YAML reads 2024-05-10 as a date; the schema (like JSON) has it as text YYYY-MM-DD.
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _schema_errors(data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:160]}" for e in VALIDATOR.iter_errors(_plain(data))]


def _imports(tmp_path: Path, data) -> list[str]:
    """The importer's problems with ``data`` ([] when it imports)."""
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        read_catalogue(path, {f.name: f for f in base_facts()}, document_region_map(), {})
    except CatalogueFileRejected as exc:
        return exc.lines()
    return []


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_shipped_catalogue_is_valid_against_the_schema(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert _schema_errors(data) == []


def test_a_generated_catalogue_is_valid_against_the_schema_and_imports(tmp_path):
    data = generate_catalogue(documents=12, items=30, auto=6, online=18, seed=5)
    assert _schema_errors(data) == []
    assert _imports(tmp_path, data) == []


GOOD = {
    "format": 1,
    "documents": [{
        "id": "sd-ui", "title": "山东省阶段性降低失业保险费率的通知", "issuer": "山东省人力资源和社会保障厅",
        "level": "省级", "region": "370000", "effective_from": "2024-01-01",
        "items": [{
            "id": "sd-ui-rate", "title": "阶段性降低失业保险费率", "department": "市人力资源和社会保障局", "mode": "auto",
            "rule": {"fact": "insured_employees", "op": ">=", "value": 1, "clause": "第一条"},
            "benefit": {"kind": "rate_cut", "text": "失业保险费率由 1% 降至 0.5%"},
            "tests": [{"name": "参保企业", "as_of": "2025-06-30", "enterprise": {"insured_employees": 5},
                       "verdict": "eligible"}],
        }],
    }],
}


def _bad(change) -> dict:
    data = copy.deepcopy(GOOD)
    change(data["documents"][0], data["documents"][0]["items"][0])
    return data


BAD = {
    "unknown kind of benefit": _bad(lambda d, i: i["benefit"].update(kind="voucher")),
    "省级 document with a county's code": _bad(lambda d, i: d.update(region="371502")),
    "省级 document whose region key is misspelt": _bad(lambda d, i: d.update(regoin=d.pop("region"))),
    "rate_cut with an amount": _bad(lambda d, i: i.update(benefit={"kind": "rate_cut", "amount": "100"})),
    "unknown operator": _bad(lambda d, i: i["rule"].update(op="=>")),
    "国家级 document with a province's code": _bad(lambda d, i: d.update(level="国家级")),
    "unknown level": _bad(lambda d, i: d.update(level="乡级")),
}


def test_the_good_sample_is_valid_and_imports(tmp_path):
    assert _schema_errors(GOOD) == [] and _imports(tmp_path, GOOD) == []


@pytest.mark.parametrize("name", sorted(BAD))
def test_the_schema_refuses_what_the_importer_refuses(tmp_path, name):
    data = BAD[name]
    assert _schema_errors(data), f"the schema accepts {name}"
    problems = _imports(tmp_path, data)
    assert problems and all("c.yaml" in line for line in problems), problems


def test_a_condition_without_its_clause_imports_and_is_valid(tmp_path):
    # The importer accepts a condition without a clause (the why then names no article):
    # the schema does not ask for more than the importer.
    data = _bad(lambda d, i: i.update(rule={"all": [{"fact": "insured_employees", "op": ">=", "value": 1},
                                                    {"expr": "insured_employees <= 500"}]}))
    assert _imports(tmp_path, data) == [] and _schema_errors(data) == []


# What the importer accepts, the schema accepts: the catalogues the fuzz tests draw (every
# kind of leaf, expressions, definitions, parameters, levels, kinds, evidence, history, caps),
# well or badly written, are read by the importer; each one it takes must be valid.

def _accepted_is_valid(data) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.yaml"
        path.write_text(yaml.dump(data, Dumper=_Plain, allow_unicode=True), encoding="utf-8")
        loaded = load_file(path)
        try:
            check_catalogue(loaded)
        except CatalogueRejected:
            event("refused")
            return
    event("accepted")
    assert _schema_errors(loaded) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=drawn_features())
def test_every_drawn_catalogue_the_importer_accepts_is_valid_against_the_schema(data):
    _accepted_is_valid(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=drawn_history())
def test_every_drawn_catalogue_with_history_and_caps_the_importer_accepts_is_valid(data):
    _accepted_is_valid(data)
