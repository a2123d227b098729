"""Reading catalogue files (YAML or JSON) with the source line of every key and item, so that
an error can say where it is; and checking one whole (``read_catalogue``), as the client's
``policy import`` and the server's ``admin import-catalogue`` both do.

A catalogue is a file from outside, bounded like an enterprise file (``untrusted.files``):
its bytes, and its YAML nodes by the row limit. Aliases are refused (a few lines of them
expand to billions of nodes for whoever walks the result) and nesting is bounded (the
composer recurses)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

import yaml

from .domain.rules.catalogue import Catalogue, CatalogueRejected, Problem, check_catalogue
from .domain.rules.facts import FactSpec
from .untrusted.files import FileLimits, LimitExceeded, LimitSettingError, read_bounded

MAX_NESTING = 100  # a rule tree of all/any/not is a few levels; documents and items add four


class LocatedDict(dict):
    line: int | None = None
    key_lines: dict


class LocatedList(list):
    line: int | None = None


class _Loader(yaml.SafeLoader):
    def __init__(self, stream: str, limits: FileLimits):
        super().__init__(stream)
        self.limits = limits
        self.nodes = 0
        self.nesting = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "不支持 YAML 别名（*名称）：请把内容直接写出", mark)
        self.nodes += 1
        if self.nodes > self.limits.max_rows:
            raise LimitExceeded(self.limits.too_many_rows("个 YAML 节点", "节点数").message)
        self.nesting += 1
        try:
            if self.nesting > MAX_NESTING:
                raise yaml.composer.ComposerError(None, None, f"嵌套过深（最多 {MAX_NESTING} 层）", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.nesting -= 1


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LocatedDict:
    loader.flatten_mapping(node)
    out = LocatedDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"重复的键「{key}」（第{out.key_lines[key]}行已有）", key_node.start_mark
            )
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    out = LocatedList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


class CatalogueFileError(ValueError):
    def __init__(self, file: str, line: int | None, message: str):
        super().__init__(f"{file}{f' 第{line}行' if line else ''}: {message}")
        self.file = file
        self.line = line
        self.message = message


def load_file(path: Path, limits: FileLimits | None = None) -> object:
    """The parsed file; JSON is read by the YAML parser too (JSON is a subset), so it also
    gets line numbers. ``limits`` default to the environment's, else 200 MB and 1,000,000
    nodes."""
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise CatalogueFileError(path.name, None, "只支持 .yaml、.yml 或 .json 文件")
    try:
        limits = limits or FileLimits.resolve()
        text = read_bounded(path, limits).decode("utf-8-sig")
    except (LimitExceeded, LimitSettingError) as exc:
        raise CatalogueFileError(path.name, None, str(exc)) from None
    except FileNotFoundError:
        raise CatalogueFileError(path.name, None, "文件不存在") from None
    except IsADirectoryError:
        raise CatalogueFileError(path.name, None, "是文件夹，不是文件") from None
    except UnicodeDecodeError as exc:
        raise CatalogueFileError(path.name, None, f"文件不是 UTF-8 编码（第 {exc.start} 字节）") from None
    if not text.strip():
        raise CatalogueFileError(path.name, None, "文件为空")
    loader = _Loader(text, limits)
    try:
        return loader.get_single_data()
    except LimitExceeded as exc:
        raise CatalogueFileError(path.name, loader.line + 1, exc.message) from None
    except RecursionError:
        raise CatalogueFileError(path.name, None, f"嵌套过深（最多 {MAX_NESTING} 层）") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise CatalogueFileError(path.name, line, f"无法解析：{exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise CatalogueFileError(path.name, None, f"无法解析：{exc}") from None
    finally:
        loader.dispose()


class CatalogueFileRejected(ValueError):
    """Nothing was imported; every problem names its file, line and field."""

    def __init__(self, file: str, problems: list[Problem]):
        super().__init__(f"{file}: {len(problems)} 处错误")
        self.file = file
        self.problems = problems

    def lines(self) -> list[str]:
        return [f"{self.file} {p}" for p in self.problems]

    def errors_json(self) -> list[dict]:
        return [{"file": self.file, "line": p.line, "field": p.field, "message": p.message} for p in self.problems]


def read_catalogue(path: Path, declared: Mapping[str, FactSpec], regions: Collection[str],
                   existing: Mapping[str, str], limits: FileLimits | None = None) -> Catalogue:
    """The file at ``path``, parsed and checked whole against the facts ``declared`` so far,
    the region codes known and the items ``existing`` (id → document id); raises
    :class:`CatalogueFileRejected` listing every problem."""
    try:
        data = load_file(path, limits)
    except CatalogueFileError as exc:
        raise CatalogueFileRejected(path.name, [Problem(exc.line, "(文件)", exc.message)]) from None
    try:
        return check_catalogue(data, dict(declared), set(regions), dict(existing))
    except CatalogueRejected as exc:
        raise CatalogueFileRejected(path.name, exc.problems) from None
