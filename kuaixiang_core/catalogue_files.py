"""Reading catalogue files (YAML or JSON) with the source line of every key and item, so that
an error can say where it is; and checking one whole (``read_catalogue``), as the client's
``policy import`` and the server's ``admin import-catalogue`` both do."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

import yaml

from .domain.rules.catalogue import Catalogue, CatalogueRejected, Problem, check_catalogue
from .domain.rules.facts import FactSpec


class LocatedDict(dict):
    line: int | None = None
    key_lines: dict


class LocatedList(list):
    line: int | None = None


class _Loader(yaml.SafeLoader):
    pass


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


def load_file(path: Path) -> object:
    """The parsed file; JSON is read by the YAML parser too (JSON is a subset), so it also
    gets line numbers."""
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        raise CatalogueFileError(path.name, None, "只支持 .yaml、.yml 或 .json 文件")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogueFileError(path.name, None, "文件不存在") from None
    except UnicodeDecodeError as exc:
        raise CatalogueFileError(path.name, None, f"文件不是 UTF-8 编码（第 {exc.start} 字节）") from None
    if not text.strip():
        raise CatalogueFileError(path.name, None, "文件为空")
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - our SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise CatalogueFileError(path.name, line, f"无法解析：{exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise CatalogueFileError(path.name, None, f"无法解析：{exc}") from None


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
                   existing: Mapping[str, str]) -> Catalogue:
    """The file at ``path``, parsed and checked whole against the facts ``declared`` so far,
    the region codes known and the items ``existing`` (id → document id); raises
    :class:`CatalogueFileRejected` listing every problem."""
    try:
        data = load_file(path)
    except CatalogueFileError as exc:
        raise CatalogueFileRejected(path.name, [Problem(exc.line, "(文件)", exc.message)]) from None
    try:
        return check_catalogue(data, dict(declared), set(regions), dict(existing))
    except CatalogueRejected as exc:
        raise CatalogueFileRejected(path.name, exc.problems) from None
