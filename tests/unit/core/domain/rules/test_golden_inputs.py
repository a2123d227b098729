"""A golden test's enterprise is read at import (issue 15, item 8: no input can make
``rules test`` raise): a value its fact's type cannot read is a problem naming the field, and
whatever the import accepts, ``run_golden`` runs without raising."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kuaixiang_core.domain.rules.catalogue import CatalogueRejected, check_catalogue
from kuaixiang_core.domain.rules.match import run_golden

FORMULA = "if(first_cert and established < '2020-01-01', min(revenue * 0.1, 500000), employees * 1000)"


def _catalogue(enterprise: object) -> dict:
    return {
        "facts": [{"name": "first_cert", "type": "bool", "label": "首次认定"},
                  {"name": "products", "type": "list", "label": "产品"}],
        "documents": [{
            "id": "d-1", "title": "文件", "issuer": "局", "level": "市级", "region": "371500",
            "items": [{
                "id": "x-1", "title": "事项", "department": "局", "mode": "online",
                "rule": {"all": [{"fact": "tags", "op": "has", "value": "高新技术企业"},
                                 {"fact": "employees", "op": ">=", "value": 10},
                                 {"fact": "size_class", "op": "in", "value": ["small", "micro"]}]},
                "benefit": {"formula": FORMULA},
                "tests": [{"name": "t", "as_of": dt.date(2026, 1, 1), "enterprise": enterprise, "verdict": "eligible"}],
            }],
        }],
    }


@pytest.mark.parametrize("enterprise, field, words", [
    ({"tags": 5}, "tags", "应为列表"),
    ({"tags": [{"valid_from": "2020-01-01"}]}, "tags", "每项应为名称或"),
    ({"tags": [{"tag": "高新技术企业", "valid_to": "2020-13-01"}]}, "tags", "应为日期"),
    ({"tags": [[1]]}, "tags", "每项应为名称或"),
    ({"employees": {"a": 1}}, "employees", "应为数字"),
    ({"employees": "十"}, "employees", "应为数字"),
    ({"established": "去年"}, "established", "应为日期"),
    ({"first_cert": "也许"}, "first_cert", "应为是/否"),
    ({"products": {"a": 1}}, "products", "应为列表"),
    ({"region_code": ["371502"]}, "region_code", "应为加引号的 6 位行政区划代码"),
    ({"region_code": 371502}, "region_code", "应为加引号的 6 位行政区划代码"),
    ({"industry_code": 511}, "industry_code", "前导 0 不会丢"),
    ({"size_class": "小型"}, "size_class", "应为 large、medium、small、micro 之一"),
    ({"size_class": 0}, "size_class", "应为 large、medium、small、micro 之一"),
    ({"tax_credit_rating": "AA"}, "tax_credit_rating", "应为 A、B、M、C、D 之一"),
    ({"dishonest": "true"}, "dishonest", "应为 true 或 false"),
    ({"established": 2020}, "established", "应为日期 YYYY-MM-DD"),
])
def test_a_golden_value_its_type_cannot_read_is_refused_at_import(enterprise, field, words):
    with pytest.raises(CatalogueRejected) as info:
        check_catalogue(_catalogue(enterprise))
    (problem,) = info.value.problems
    assert problem.field == f"documents[0].items[0].tests[0].enterprise.{field}"
    assert words in problem.message, problem.message


_ANY = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
              st.dates(), st.sampled_from(["2020-01-01", "1e999999", "small", "large", "是", "高新技术企业"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["tag", "valid_from", "valid_to", "x"]), inner, max_size=3)),
    max_leaves=6,
)
_NAMES = ["tags", "employees", "revenue", "established", "first_cert", "products", "size_class", "region_code",
          "dishonest", "age_years", "industry_code"]


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_NAMES), _ANY, max_size=6))
def test_any_golden_enterprise_is_refused_at_import_or_runs(enterprise):
    try:
        catalogue = check_catalogue(_catalogue(enterprise))
    except CatalogueRejected as exc:
        assert all(p.field.startswith("documents[0].items[0].tests[0].enterprise.") for p in exc.problems)
        return
    declared = {f.name: f for f in catalogue.facts}
    (result,) = run_golden(catalogue.items[0], declared)  # never raises
    assert result.verdict in ("eligible", "ineligible", "unknown"), result.message
