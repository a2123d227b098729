"""Reading catalogue files (YAML or JSON) with the source line of every key and item, so that
an error can say where it is."""

from __future__ import annotations

from pathlib import Path

import yaml


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
