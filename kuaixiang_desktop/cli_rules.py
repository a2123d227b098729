"""``kuaixiang rules lint`` and ``kuaixiang rules diff`` (docs/rules.md §12, §13).

Exit codes (DESIGN §7):
- ``rules lint FILE``: 0 no errors (warnings may be listed), 1 errors found (the catalogue does
  not import, or lint's own errors), 2 a file that is not a catalogue at all (not found, not
  YAML/JSON, unreadable), named with its line.
- ``rules diff OLD NEW`` / ``rules diff NEW``: 0 the impact was worked out (whatever it is),
  2 bad input: a file that is not a catalogue or does not import (every problem named with
  file, line and field), a bad date; 3 the database. Nothing is ever written.
"""

from __future__ import annotations

from pathlib import Path

from kuaixiang_core.untrusted.terminal import printable as _p

from .cli_common import EXIT_INPUT, EXIT_NEGATIVE, EXIT_OK, Answer, CliError
from .cli_common import open_db as _open_db


def cmd_rules_lint(args) -> Answer:
    from kuaixiang_core.catalogue_files import CatalogueFileError

    from .services.rules_lint import lint_file

    try:
        report = lint_file(Path(args.file))
    except CatalogueFileError as exc:
        raise CliError(EXIT_INPUT, str(exc), file=exc.file, line=exc.line) from None
    lines = [_p(str(f)) for f in report.findings]
    lines.append(report.summary)
    return Answer(report.to_json(), "\n".join(lines), EXIT_NEGATIVE if report.errors else EXIT_OK)


def _kinds_text(totals: dict) -> str:
    from .services.rules_diff import KIND_NAMES

    if not totals:
        return "-"
    return "，".join(f"{KIND_NAMES.get(k, k)} {'+' if v >= 0 else ''}{v:,.2f} 元" for k, v in totals.items())


def cmd_rules_diff(args) -> Answer:
    from .cli import _as_of
    from .services.rules_diff import CHANGE_NAMES, DiffInputError, diff_catalogues

    as_of = _as_of(args.as_of)
    old, new = (Path(args.old), Path(args.new)) if args.new else (None, Path(args.old))
    db = _open_db(args)
    try:
        report = diff_catalogues(db, old, new, as_of)
    except DiffInputError as exc:
        raise CliError(EXIT_INPUT, exc.message, file=exc.file, errors=exc.errors, lines=exc.lines) from None
    finally:
        db.close()
    lines = [f"{report.old_name} → {report.new_name}（截至 {report.as_of.isoformat()}，{report.enterprises:,} 家企业，"
             f"用时 {report.seconds:.1f} 秒）"]
    lines.append("变化  事项编号  事项名称  新符合  不再符合  估算金额变化")
    for row in report.items:
        lines.append(f"{CHANGE_NAMES[row.change]}  {_p(row.item_id)}  {_p(row.title)}  +{row.gain:,}  -{row.lose:,}  "
                     f"{_kinds_text(row.amount_change)}")
    t = report.totals
    lines.append(f"合计：新增 {t.added}、删去 {t.removed}、改动 {t.changed} 个事项（未变 {t.unchanged}）；"
                 f"新符合 {t.gain:,} 家次，不再符合 {t.lose:,} 家次；金额变化 {_kinds_text(t.amount_change)}")
    if report.python_amounts:
        lines.append("注：" + "、".join(report.python_amounts) + " 的公式不能写成 SQL（用了 round），金额在变化的企业上逐一计算")
    return Answer(report.to_json(), "\n".join(lines))


def add_commands(rules, add) -> None:
    """Under ``kuaixiang rules``."""
    lint = add("lint", cmd_rules_lint, "检查政策目录文件：分档重叠或空档、不可能成立的条件、未用的声明、缺少测试", rules)
    lint.add_argument("file")
    diff = add("diff", cmd_rules_diff, "政策沙盘：新旧目录对企业的影响（新符合、不再符合、金额变化），不改动任何数据", rules)
    diff.add_argument("old", help="旧目录文件；只给一个文件时，它是新目录，与本机已导入的目录比较")
    diff.add_argument("new", nargs="?", help="新目录文件")
    diff.add_argument("--as-of", help="按哪一天计算（默认今天）")
