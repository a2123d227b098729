"""Three-valued evaluation of rule trees against one enterprise, with traces.

Matching runs every item of the catalogue against one enterprise, and thousands of items
share a few hundred distinct conditions (same fact, operator and value). ``Facts`` therefore
caches each condition's answer for the enterprise, and a rule that is a plain conjunction
(the usual shape) is decided by counting answers rather than walking a tree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from operator import getitem

from ..enterprise import Tag
from ..size_class import classify, division_of, section_of
from .facts import display
from .history import AS_OF, HISTORY, TAG_RECORDS, PastApplication
from .tree import All, AnyOf, Leaf, Node, Not, describe_negated

ELIGIBLE, INELIGIBLE, UNKNOWN = "eligible", "ineligible", "unknown"
_VERDICT = {True: ELIGIBLE, False: INELIGIBLE, None: UNKNOWN}
_WAN = Decimal(10000)


# A tag as the rules see it is the enterprise record's tag: name and validity dates.
TagValue = Tag


@dataclass(frozen=True, slots=True)
class Condition:
    """One line of the 'why': a condition, the value the rule used, and the answer.

    Under a ``not`` the sentence, the operator and the answer are turned round, so that 'pass'
    always means the condition is good for the enterprise. Lines are shared between the items
    and the enterprises that read the same (see _Lines): frozen, so sharing is safe."""

    text: str
    fact: str
    label: str
    op: str
    expected: object  # the rule's value: Decimal, date, str, bool, or a tuple of them
    clause: str | None
    actual: object  # the enterprise's value, typed as the rule's; None when the record lacks it
    actual_text: str
    result: str  # pass | fail | unknown
    # A computed condition (a quantity, an expression): the facts it reads that the record
    # lacks, which are what makes it unknown (``fact`` is then the quantity's name or "expr").
    absent: tuple[str, ...] = ()
    # The line's JSON, made on first use: ``kuaixiang match`` prints a thousand lines or more
    # per enterprise, nearly all of them shared lines already printed for other items.
    _json: dict | None = field(default=None, init=False, repr=False, compare=False)

    def to_json(self) -> dict:
        made = self._json
        if made is None:
            made = {
                "text": self.text, "fact": self.fact, "label": self.label, "op": self.op,
                "expected": _json_value(self.expected), "clause": self.clause, "actual": _json_value(self.actual),
                "actual_text": self.actual_text, "result": self.result,
            }
            if self.absent:
                made["absent"] = list(self.absent)
            object.__setattr__(self, "_json", made)  # a cache of what the fields say, not a change
        return dict(made)  # the caller's to change


# Puts names to codes in a line (services: 371502 → 371502（东昌府区）); made once per line.
# A namer with a ``facts`` attribute (a set) names only the lines of those facts: the lines
# of other facts (computed conditions aside) are not passed to it, a call per line saved.
Namer = Callable[[Condition], Condition]


_FEN_PER_YUAN = Decimal(100)


def column_values(row: object) -> dict[str, object]:
    """The enterprise-column facts as the rules see them (counts and money as Decimal, money
    in 元), from anything with the enterprise's column names as attributes: an SQL row or an
    ORM object, on the client or the server, so both evaluate the same facts."""

    def number(name: str) -> Decimal | None:
        value = getattr(row, name, None)
        return None if value is None else Decimal(value)

    def money(name: str) -> Decimal | None:
        fen = getattr(row, name, None)
        return None if fen is None else Decimal(fen) / _FEN_PER_YUAN

    established = getattr(row, "established", None)
    individual = getattr(row, "is_individual", None)
    if individual is None:  # a store without the column: 个体工商户 by their code
        individual = str(getattr(row, "credit_code", "")).startswith("92")
    return {
        "employees": number("employees"),
        "insured_employees": number("insured_employees"),
        "revenue": money("revenue_fen"),
        "total_assets": money("total_assets_fen"),
        "registered_capital": money("registered_capital_fen"),
        "established": dt.date.fromisoformat(established) if isinstance(established, str) else established,
        "region_code": getattr(row, "region_code", None),
        "industry_code": getattr(row, "industry_code", None),
        "reg_type": getattr(row, "reg_type", None),
        "is_individual": bool(individual),
        "tax_credit_rating": getattr(row, "tax_credit_rating", None),
        "dishonest": bool(getattr(row, "dishonest", False)),
        # A cached class (the client's column) is what its SQL compares; else it is computed.
        "size_class": getattr(row, "size_class", None),
    }


def age_years(established: dt.date, as_of: dt.date) -> int:
    """Full years from ``established`` to ``as_of``; the SQL compiler uses the same rule."""
    return as_of.year - established.year - ((as_of.month, as_of.day) < (established.month, established.day))


class Facts:
    """One enterprise's facts as of a date, with computed facts and cached condition answers.

    ``values`` holds the engine's typed values (see facts.coerce); a fact that is absent or
    None is unknown. Computed facts given explicitly (as golden tests may) win over computing.
    """

    __slots__ = ("values", "tags", "as_of", "_answers", "lines", "namer", "amounts", "history")

    def __init__(
        self,
        values: Mapping[str, object],
        tags: Iterable[TagValue | str],
        as_of: dt.date,
        namer: Namer | None = None,
        history: tuple[PastApplication, ...] | None = None,
    ):
        self.values = dict(values)
        self.as_of = as_of
        self.tags = tuple(t if isinstance(t, TagValue) else TagValue(t) for t in tags)
        # The enterprise's earlier applications (history conditions, caps); None: not read,
        # so that a condition on them is unknown rather than "never applied".
        self.history = history
        self.values[HISTORY] = history
        self.values[TAG_RECORDS] = self.tags
        self.values[AS_OF] = as_of
        self._answers: dict[int, bool | None] = {}
        # Thousands of items share a few hundred conditions: each line of the 'why' is
        # looked up once per enterprise (and made once per value, see _Lines). ``namer``
        # may put names to codes in it (services).
        self.lines = _Lines(self.values, namer, as_of)
        self.namer = namer
        self.amounts: dict[str, object] = {}  # formula source -> amount (match.benefit_amount)
        self._compute()

    def _compute(self) -> None:
        v = self.values
        v["tags"] = tuple(t.tag for t in self.tags if t.valid_on(self.as_of))
        if v.get("age_years") is None and v.get("established") is not None:
            v["age_years"] = Decimal(age_years(v["established"], self.as_of))  # type: ignore[arg-type]
        code = v.get("industry_code")
        if v.get("industry_section") is None and code:
            v["industry_section"] = section_of(str(code))
        if v.get("industry_division") is None and code:
            v["industry_division"] = division_of(str(code))
        if v.get("size_class") is None and code:
            revenue, assets = v.get("revenue"), v.get("total_assets")
            v["size_class"] = classify(
                str(code),
                int(v["employees"]) if v.get("employees") is not None else None,  # type: ignore[arg-type]
                revenue / _WAN if revenue is not None else None,  # type: ignore[operator]
                assets / _WAN if assets is not None else None,  # type: ignore[operator]
            ).size_class

    def get(self, name: str) -> object:
        return self.values.get(name)

    def answer(self, leaf: Leaf) -> bool | None:
        key = leaf.answer_id
        try:
            return self._answers[key]
        except KeyError:
            if leaf.formula is not None:
                compute(self.values, leaf, self.as_of)
            value = self.values.get(leaf.fact)
            result = None if value is None else leaf.test(value)
            self._answers[key] = result
            return result

    def condition(self, leaf: Leaf, negated: bool = False) -> Condition:
        """One line of the 'why' (shared between items and enterprises)."""
        key = _line_key(leaf, negated)
        _LINE_LEAVES.setdefault(key, (leaf, negated))
        return self.lines[leaf.fact][key]


# Line key (see _line_key) -> a leaf and whether a not is over it: the line's condition.
_LINE_LEAVES: dict[int, tuple[Leaf, bool]] = {}
# A computed condition's key (tree._computed_key, which names its content) -> a leaf that
# works it out; its value is kept in the enterprise's values under that key, and the values
# of its inputs under _INPUTS + key (what its line of the 'why' shows, made only when shown).
_COMPUTED: dict[str, Leaf] = {}
_INPUTS = "\0inputs:"


def compute(values: dict, leaf: Leaf, as_of: dt.date) -> None:
    """Work out a computed condition's value for one enterprise (once: kept in ``values``)."""
    key = leaf.fact
    if key in values:
        return
    _COMPUTED.setdefault(key, leaf)
    formula = leaf.formula
    assert formula is not None
    result = formula.value(values, as_of)
    if result is not None and leaf.scale is not None:
        result = result * leaf.scale  # type: ignore[operator]
    values[key] = result
    inputs = [values.get(name) for name in sorted(formula.facts)]
    inputs += [values.get(p.key) for p in formula.params]
    witness = getattr(formula, "witness", None)  # a history condition: what its line shows
    if witness is not None:
        inputs.append(witness(values))
    # Decimal 10 and 10.0 are equal but read differently: keyed by text.
    values[_INPUTS + key] = tuple(str(v) if isinstance(v, Decimal) else v for v in inputs)
_SHARED_LINES_LIMIT = 50_000  # lines, about 30 MB at most
_shared_lines_made = 0


class _FactLines(dict):
    """The lines of the 'why' for one fact and one value, by line key, made on first use."""

    __slots__ = ("value", "namer", "shown")

    def __init__(self, value: object, namer: Namer | None, shown: tuple | None = None):
        super().__init__()
        self.value = value
        self.namer = namer
        # (the value's text, absent facts): a computed condition's, or a fact's (then with
        # the FactSpec it was written for)
        self.shown = shown

    def __missing__(self, key: int) -> Condition:
        global _shared_lines_made
        leaf, negated = _LINE_LEAVES[key]
        value, shown = self.value, self.shown
        if shown is None or (len(shown) == 3 and shown[2] is not leaf.spec):
            # The value as the clerk reads it, the same in every line of the table (of one
            # fact): written once rather than per line (a sum of money is slow to format).
            shown = self.shown = (display(leaf.spec, value), (), leaf.spec)
        # Inline (no function per step): an enterprise's new values make a few hundred lines
        # in a match.
        answer = None if value is None else leaf.test(value)
        if negated and answer is not None:
            answer = not answer
        line = _condition(leaf.static_line[negated] or static_line(leaf, negated), value, shown[0], _RESULT[answer],
                          shown[1])
        if self.namer is not None:
            line = self.namer(line)
        self[key] = line
        _shared_lines_made += 1
        return line


# (namer, fact, value) -> the lines of the conditions on that fact for that value. A line is
# a function of the condition and the value (the answer comes from the value), so
# enterprises with the same value (unknown, the same county, the same rating…) share them.
_SHARED_LINES: dict[tuple, _FactLines] = {}


def forget_shared_lines() -> None:
    """Drop the lines shared between enterprises (a new catalogue may label a fact anew).
    An enterprise being matched keeps the tables it already holds."""
    global _shared_lines_made
    _SHARED_LINES.clear()
    _shared_lines_made = 0


class _Lines(dict):
    """One enterprise's line tables by fact, found on first use. It holds the enterprise's
    values, not its Facts: a reference back would make every Facts a cycle that only the
    garbage collector could free."""

    __slots__ = ("values", "namer", "as_of")

    def __init__(self, values: dict, namer: Namer | None, as_of: dt.date | None = None):
        super().__init__()
        self.values = values
        self.namer = namer
        self.as_of = as_of

    def __missing__(self, fact: str) -> _FactLines:
        inputs = None
        computed = _COMPUTED.get(fact)
        if computed is not None:  # a condition a short-circuit left unanswered is worked out now
            compute(self.values, computed, self.as_of)  # type: ignore[arg-type]
            inputs = self.values.get(_INPUTS + fact)
        value = self.values.get(fact)
        # Decimal 10 and 10.0 are equal but read differently: keyed by text. A computed
        # condition's line shows its inputs too: keyed by them.
        shared_key = (self.namer, fact, str(value) if isinstance(value, Decimal) else value, inputs)
        try:
            table = _SHARED_LINES.get(shared_key)
        except TypeError:  # an unhashable value: a table for this enterprise only
            shared_key, table = None, None
        if table is None:
            shown = None
            if computed is not None:
                formula = computed.formula
                absent = tuple(sorted(n for n in formula.facts if self.values.get(n) is None))  # type: ignore[union-attr]
                shown = (computed.show(value, self.values), absent)
            namer = self.namer
            if namer is not None and computed is None and fact not in getattr(namer, "facts", (fact,)):
                namer = None
            table = _FactLines(value, namer, shown)
            if shared_key is not None:
                if _shared_lines_made >= _SHARED_LINES_LIMIT:
                    forget_shared_lines()  # bounded; the next matches refill it
                _SHARED_LINES[shared_key] = table
        self[fact] = table
        return table


def _line_key(leaf: Leaf, negated: bool) -> int:
    return -leaf.line_id - 1 if negated else leaf.line_id


def result(node: Node, facts: Facts) -> bool | None:
    """Kleene logic: all fails on any failure, any holds on any success, not flips."""
    if isinstance(node, Leaf):
        return facts.answer(node)
    if isinstance(node, All):
        unknown = False
        for child in node.children:
            r = result(child, facts)
            if r is False:
                return False
            if r is None:
                unknown = True
        return None if unknown else True
    if isinstance(node, AnyOf):
        unknown = False
        for child in node.children:
            r = result(child, facts)
            if r is True:
                return True
            if r is None:
                unknown = True
        return None if unknown else False
    r = result(node.child, facts)  # type: ignore[attr-defined]
    return None if r is None else not r


def _needs(node: Node, facts: Facts) -> tuple[int, int]:
    """(flips to make it hold, flips to make it fail): how many failed conditions stand in
    the way. An unknown condition costs nothing either way: it may go either way."""
    if isinstance(node, Leaf):
        r = facts.answer(node)
        return (0, 0) if r is None else ((0, 1) if r else (1, 0))
    if isinstance(node, Not):
        hold, fail = _needs(node.child, facts)
        return fail, hold
    # all: every child must hold, any one failing will do; any: the other way round.
    every = some = 0
    first = True
    conjunctive = isinstance(node, All)
    for child in node.children:  # type: ignore[attr-defined]
        hold, fail = _needs(child, facts)
        must, may = (hold, fail) if conjunctive else (fail, hold)
        every += must
        if first or may < some:
            some, first = may, False
    return (every, some) if conjunctive else (some, every)


def _blockers(node: Node, facts: Facts, want: bool) -> list[tuple[Leaf, bool]]:
    """The failed conditions whose flip makes ``node`` come out as ``want`` (one flip away)."""
    if isinstance(node, Leaf):
        r = facts.answer(node)
        return [(node, want)] if r is not None and r != want else []
    if isinstance(node, Not):
        return _blockers(node.child, facts, not want)
    children = node.children  # type: ignore[attr-defined]
    needs = [_needs(c, facts)[0 if want else 1] for c in children]
    conjunctive = isinstance(node, All) == want
    found: list[tuple[Leaf, bool]] = []
    for child, need in zip(children, needs, strict=True):
        if conjunctive and need == 1:  # the only child in the way
            found += _blockers(child, facts, want)
        elif not conjunctive and need == 1 and min(needs) == 1:
            found += _blockers(child, facts, want)
    return found


class CompiledRule:
    """A parsed rule ready for repeated evaluation."""

    __slots__ = ("root", "flat", "leaves", "steps", "structure", "fact_names", "line_keys", "line_facts",
                 "input_facts")

    def __init__(self, root: Node):
        self.root = root
        if isinstance(root, Leaf):
            self.flat: tuple[Leaf, ...] | None = (root,)
        elif isinstance(root, All) and all(isinstance(c, Leaf) for c in root.children):
            self.flat = root.children  # type: ignore[assignment]
        else:
            self.flat = None
        self.steps: list[tuple[Leaf, str, bool]] = []
        _walk(root, "", False, self.steps)
        self.leaves = tuple(leaf for leaf, _path, _negated in self.steps)
        # Where each condition sits under all/any/not; None for a plain list of conditions.
        self.structure = None if self.flat is not None else [path for _leaf, path, _negated in self.steps]
        # Per condition, the fact whose line table holds its line and the line's key there.
        self.line_keys = tuple(_line_key(leaf, negated) for leaf, _path, negated in self.steps)
        self.line_facts = tuple(leaf.fact for leaf in self.leaves)
        self.fact_names = tuple(sorted(set(self.line_facts)))
        # The facts the conditions read: a computed one's inputs rather than its own key.
        self.input_facts = tuple(sorted({n for leaf in self.leaves
                                         for n in (leaf.formula.facts if leaf.formula is not None else (leaf.fact,))}))
        for (leaf, _path, negated), key in zip(self.steps, self.line_keys, strict=True):
            _LINE_LEAVES[key] = (leaf, negated)  # the latest compiled wording of the line
            if leaf.formula is not None:
                _COMPUTED.setdefault(leaf.fact, leaf)

    def verdict(self, facts: Facts, near_miss: bool = True) -> tuple[str, list[tuple[Leaf, bool]]]:
        """(verdict, near-miss blockers): blockers are the conditions one flip away from
        eligibility, each with the answer it would need; empty unless a near miss (or not
        looked for, with ``near_miss=False``)."""
        if self.flat is not None:
            failed: list[Leaf] = []
            unknown = False
            for leaf in self.flat:
                r = facts.answer(leaf)
                if r is False:
                    failed.append(leaf)
                elif r is None:
                    unknown = True
            if failed:
                return INELIGIBLE, ([(failed[0], True)] if len(failed) == 1 else [])
            return (UNKNOWN if unknown else ELIGIBLE), []
        r = result(self.root, facts)
        if r is False and near_miss:
            return INELIGIBLE, self.failed_by_one(facts)
        return _VERDICT[r], []

    def failed_by_one(self, facts: Facts) -> list[tuple[Leaf, bool]]:
        """For a rule known to fail: the conditions whose flip alone would make it hold (a
        near miss), or [] when more than one stands in the way."""
        if _needs(self.root, facts)[0] != 1:
            return []
        return _blockers(self.root, facts, True)

    def trace(self, facts: Facts) -> tuple[Condition, ...]:
        """Every condition with the value used, its answer and its clause, in rule order
        (``structure`` says where each sits when the rule is more than a plain list)."""
        # Each fact's table of lines, then each line from its table; both made on first use,
        # then shared (see _Lines); map() keeps the few hundred lookups of a match in C.
        # Matcher.clerk_items does the same inline.
        return tuple(map(getitem, map(facts.lines.__getitem__, self.line_facts), self.line_keys))

    def trace_json(self, facts: Facts) -> list[dict]:
        """``trace`` as the JSON an application keeps and the sync wire carries."""
        return [line.to_json() for line in self.trace(facts)]

    def missing_facts(self, facts: Facts) -> list[str]:
        """The facts the record lacks, whose conditions are therefore unknown, sorted."""
        values = facts.values
        return sorted({name for name in self.input_facts if values.get(name) is None})


def _walk(node: Node, path: str, negated: bool, out: list[tuple[Leaf, str, bool]]) -> None:
    """The leaves in rule order, each with its place in the tree and whether a ``not`` is over it."""
    if isinstance(node, Leaf):
        out.append((node, path or "rule", negated))
    elif isinstance(node, Not):
        _walk(node.child, f"{path}.not" if path else "not", not negated, out)
    else:
        kind = "all" if isinstance(node, All) else "any"
        for i, child in enumerate(node.children):  # type: ignore[attr-defined]
            _walk(child, f"{path}.{kind}[{i}]" if path else f"{kind}[{i}]", negated, out)


_RESULT = {True: "pass", False: "fail", None: "unknown"}


_CONDITION_SLOTS = tuple(Condition.__dict__[name].__set__ for name in (
    "text", "fact", "label", "op", "expected", "clause", "actual", "actual_text", "result", "absent", "_json"))


def _condition(static: tuple, actual: object, actual_text: str, result: str, absent: tuple) -> Condition:
    """``Condition(*static, actual, actual_text, result, absent)``, the same object, made a
    third as slowly: a frozen dataclass's ``__init__`` sets each of its eleven fields through
    ``object.__setattr__``, and a match makes a line per new value of a fact (most of a
    match's lines for an enterprise not seen before)."""
    made = _new_object(Condition)
    set_text, set_fact, set_label, set_op, set_expected, set_clause, set_actual, set_actual_text, set_result, \
        set_absent, set_json = _CONDITION_SLOTS
    text, fact, label, op, expected, clause = static
    set_text(made, text)
    set_fact(made, fact)
    set_label(made, label)
    set_op(made, op)
    set_expected(made, expected)
    set_clause(made, clause)
    set_actual(made, actual)
    set_actual_text(made, actual_text)
    set_result(made, result)
    set_absent(made, absent)
    set_json(made, None)
    return made


_new_object = object.__new__


def static_line(leaf: Leaf, negated: bool) -> tuple:
    """The catalogue's half of a line of the 'why' (text, fact, label, op, expected, clause):
    the same for every enterprise, so made once per condition (describing a negation is not
    cheap) and kept on the leaf."""
    cached = leaf.static_line[negated]
    if cached is None:
        cached = leaf.static_line[negated] = (
            describe_negated(leaf) if negated else leaf.text,
            leaf.spec.name if leaf.formula is not None else leaf.fact,  # the quantity's name, or "expr"
            leaf.spec.label,
            ("not " if negated else "") + leaf.op,
            leaf.value,
            leaf.clause,
        )
    return cached


def _json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    return value
