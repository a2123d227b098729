"""Where the shipped resources (reference data, catalogues, translations, icons) are.

A wheel carries the repository's top-level ``resources/`` inside this package under
``_shipped/``; a source checkout (editable install, tests) has it at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def shipped(name: str, package_dir: Path = _PKG) -> Path:
    """The folder ``name`` shipped with the package in ``package_dir``."""
    for candidate in (package_dir / "_shipped" / name, package_dir.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped folder {name!r} is missing from the installation")


def resources_dir() -> Path:
    return shipped("resources")


def reference_file(name: str) -> Path:
    return resources_dir() / "reference" / name


def catalogue_file(name: str) -> Path:
    return resources_dir() / "catalogue" / name
