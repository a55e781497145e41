"""YAML read with each key's line, and checked against the schema's types (the key and line named)."""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from service.config.schema import BOOL, DATE, INT, NUM, STR
from service.errors import ConfigError
from service.text import nfc


class LineLoader(yaml.SafeLoader):
    """Keeps each mapping's key lines so that errors can name the line."""


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
    return Section(mapping, lines, node.start_mark.line + 1)


class Section(dict):
    def __init__(self, data: dict, lines: dict, line: int):
        super().__init__(data)
        self.lines, self.line = lines, line


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _type_ok(kind: str, value: Any) -> bool:
    if kind == STR:
        return isinstance(value, str)
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == NUM:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == DATE:
        return isinstance(value, date)
    raise AssertionError(kind)


def check_types(path: str, data: Any, schema: dict, prefix: str) -> dict:
    if not isinstance(data, dict):
        raise ConfigError(path, prefix or "(top)", "must be a mapping of keys", "see config.yaml")
    out: dict[str, Any] = {}
    lines = getattr(data, "lines", {})
    for key in data:
        if key not in schema:
            near = ", ".join(sorted(schema))
            where = f" (line {lines[key]})" if key in lines else ""
            raise ConfigError(path, f"{prefix}{key}{where}", "unknown key", f"known keys here: {near}")
    for key, spec in schema.items():
        dotted = f"{prefix}{key}"
        where = f"{dotted} (line {lines[key]})" if key in lines else dotted
        if isinstance(spec, dict):
            out[key] = check_types(path, data.get(key) or Section({}, {}, 0), spec, dotted + ".")
            continue
        kind, default, help_ = spec
        if key not in data or data[key] is None:
            if default is None:
                raise ConfigError(path, dotted, "missing", help_)
            out[key] = default
            continue
        value = data[key]
        if isinstance(kind, list):
            if not isinstance(value, list):
                raise ConfigError(path, where, "must be a list", help_)
            item = kind[0]
            if isinstance(item, dict):
                out[key] = [check_types(path, v, item, f"{dotted}[{i}].") for i, v in enumerate(value)]
            else:
                for i, v in enumerate(value):
                    if not _type_ok(item, v):
                        raise ConfigError(path, f"{where}[{i}]", f"must be a {item}", help_)
                out[key] = list(value)
            continue
        if not _type_ok(kind, value):
            raise ConfigError(path, where, f"must be a {kind}, not {type(value).__name__}", help_)
        out[key] = value
    return out


def nfc_all(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value.strip())
    if isinstance(value, list):
        return [nfc_all(v) for v in value]
    if isinstance(value, dict):
        return {k: nfc_all(v) for k, v in value.items()}
    return value
