"""A row of raw cells → an :class:`EnterpriseRecord`, every problem logged; credit codes are
remembered across rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from ..domain.enterprise import EnterpriseRecord, FactValue
from ..domain.rules.facts import FactSpec
from .cells import Opts, parse_date, parse_fact
from .columns import FIELDS, Column, Resolver
from .errors import Bad, ErrorLog
from .readers import RawRow
from .values import ONE, is_empty


@dataclass
class _FactCell:
    column: str  # for messages: the header, or facts.NAME in JSON
    defn: FactSpec
    raw: object
    valid_on: dt.date
    scale: Decimal = ONE


@dataclass
class RowParser:
    """Turns raw rows into records, logging every problem; remembers credit codes across rows."""

    log: ErrorLog
    resolver: Resolver
    today: dt.date
    json_rows: bool
    seen_codes: dict[str, int] = field(default_factory=dict)
    # Fact name -> rows whose value of it had no 数据日期 and was dated ``today`` (reported
    # as a warning naming the facts: docs/rules.md §4).
    undated: dict[str, int] = field(default_factory=dict)

    def parse(self, row: RawRow) -> EnterpriseRecord | None:
        errors_before = self.log.total
        values: dict[str, object] = {}
        headers: dict[str, str] = {}  # field name → header, for cross-field messages
        failed: set[str] = set()
        valid_on, dated = self._valid_on(row)
        facts: list[_FactCell] = []
        for column, raw in row.cells:
            if column.kind == "field":
                assert column.spec is not None
                headers[column.spec.name] = column.header
                self._field(row.number, column, raw, values, failed)
            elif column.kind == "fact" and not is_empty(raw):
                assert column.fact is not None
                facts.append(_FactCell(column.header, column.fact, raw, valid_on, column.scale))
            elif column.kind == "facts":
                facts.extend(self._json_facts(row.number, column.header, raw, valid_on))
        self._required(row, values, failed, headers)
        self._cross_checks(row.number, values, headers)
        fact_values = self._facts(row.number, facts)
        if not dated:
            for cell in facts:
                if cell.valid_on == self.today:  # not a JSON fact's own valid_on
                    self.undated[cell.defn.name] = self.undated.get(cell.defn.name, 0) + 1
        if self.log.total > errors_before or any(s.required and s.attr not in values for s in FIELDS):
            return None  # (a missing required column was reported once for the whole file)
        return EnterpriseRecord(**values, facts=fact_values)  # type: ignore[arg-type]

    def _field(self, number: int, column: Column, raw: object, values: dict, failed: set[str]) -> None:
        spec = column.spec
        assert spec is not None
        if is_empty(raw):
            return
        try:
            value = spec.parse(raw, Opts(self.today, column.scale))
        except Bad as bad:
            self.log.add(number, column.header, raw, bad.reason)
            failed.add(spec.name)
            return
        if spec.name == "credit_code":
            value = self._unique_code(number, column.header, raw, value, failed)
        if value is not None:
            values[spec.attr] = value

    def _unique_code(self, number: int, header: str, raw: object, code: str, failed: set[str]) -> str | None:
        earlier = self.seen_codes.get(code)
        if earlier is not None:
            unit = "条" if self.json_rows else "行"
            self.log.add(number, header, raw, f"统一社会信用代码与第{earlier}{unit}重复：同一企业在文件中只能出现一次")
            failed.add("credit_code")
            return None
        self.seen_codes[code] = number
        return code

    def _required(self, row: RawRow, values: dict, failed: set[str], headers: dict[str, str]) -> None:
        for spec in FIELDS:
            if not spec.required or spec.attr in values or spec.name in failed:
                continue
            if spec.name in headers:
                self.log.add(row.number, headers[spec.name], None, f"「{spec.label}」为必填项，不能为空")
            elif self.json_rows:
                self.log.add(row.number, spec.name, None, f"缺少必填项「{spec.name}」（{spec.label}）")
            # A spreadsheet without the column was already reported once for the whole file.

    def _cross_checks(self, number: int, values: dict, headers: dict[str, str]) -> None:
        employees, insured = values.get("employees"), values.get("insured_employees")
        if isinstance(employees, int) and isinstance(insured, int) and insured > employees:
            self.log.add(
                number, headers.get("insured_employees"), insured,
                f"参保人数（{insured}）大于从业人员（{employees}）",
            )

    def _valid_on(self, row: RawRow) -> tuple[dt.date, bool]:
        """(the date the row's facts are valid on, whether the row gave it)."""
        for column, raw in row.cells:
            if column.kind == "valid_on" and not is_empty(raw):
                try:
                    return parse_date(raw), True
                except Bad as bad:
                    self.log.add(row.number, column.header, raw, f"数据日期：{bad.reason}")
                    return self.today, True  # an error, not a default
        # Facts without a date are what the source knew on the day they were imported.
        return self.today, False

    def _json_facts(self, number: int, header: str, raw: object, valid_on: dt.date) -> Iterator[_FactCell]:
        if isinstance(raw, dict):
            for name, value in raw.items():
                cell = self._json_fact(number, f"{header}.{name}", name, value, valid_on)
                if cell is not None:
                    yield cell
        elif isinstance(raw, list):
            for index, item in enumerate(raw, start=1):
                cell = self._json_fact_item(number, f"{header}[{index}]", item, valid_on)
                if cell is not None:
                    yield cell
        elif not is_empty(raw):
            self.log.add(number, header, raw, "facts 应为对象 {名称: 值}，或 [{name, value, valid_on}] 列表")

    def _json_fact(self, number: int, column: str, name: str, value: object, valid_on: dt.date) -> _FactCell | None:
        try:
            defn = self.resolver.fact(name)
        except Bad as bad:
            self.log.add(number, column, value, bad.reason)
            return None
        return None if is_empty(value) else _FactCell(column, defn, value, valid_on)

    def _json_fact_item(self, number: int, column: str, item: object, valid_on: dt.date) -> _FactCell | None:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            self.log.add(number, column, item, "应为 {\"name\": …, \"value\": …, \"valid_on\": …} 对象")
            return None
        unknown = set(item) - {"name", "value", "valid_on"}
        if unknown:
            self.log.add(number, column, None, f"未知的键：{'、'.join(sorted(unknown))}（可用：name、value、valid_on）")
            return None
        column = f"{column.split('[')[0]}.{item['name']}"
        if not is_empty(item.get("valid_on")):
            try:
                valid_on = parse_date(item["valid_on"])
            except Bad as bad:
                self.log.add(number, column, item["valid_on"], f"valid_on：{bad.reason}")
                return None
        return self._json_fact(number, column, item["name"], item.get("value"), valid_on)

    def _facts(self, number: int, cells: list[_FactCell]) -> list[FactValue]:
        out: list[FactValue] = []
        seen: set[tuple[str, dt.date]] = set()
        for cell in cells:
            try:
                value = parse_fact(cell.raw, cell.defn, Opts(self.today, cell.scale))
            except Bad as bad:
                self.log.add(number, cell.column, cell.raw, bad.reason)
                continue
            if (cell.defn.name, cell.valid_on) in seen:
                self.log.add(number, cell.column, cell.raw,
                             f"事实「{cell.defn.label}」在 {cell.valid_on.isoformat()} 的值给了两次")
                continue
            seen.add((cell.defn.name, cell.valid_on))
            out.append(FactValue(cell.defn.name, value, cell.valid_on))
        return out
