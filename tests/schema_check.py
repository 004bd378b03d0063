"""A small JSON Schema validator for the keywords evalrules' result schema uses, and no others.

The test dependencies have no JSON Schema library; this one checks only `type`, `enum`,
`pattern`, `minimum`, `properties`, `required`, `additionalProperties`, `items`, `anyOf` and local
`$ref`s, and `keywords_used` lets a test assert that a schema uses nothing else, so that no
keyword is silently ignored.
"""

from __future__ import annotations

import re
from typing import Any

CHECKED = {"type", "enum", "pattern", "minimum", "properties", "required", "additionalProperties", "items", "anyOf", "$ref"}
ANNOTATIONS = {"$schema", "$defs", "title", "description"}
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def keywords_used(schema: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for sub in value.values():
                    found |= keywords_used(sub)
            elif key in ("items", "additionalProperties") and isinstance(value, dict):
                found |= keywords_used(value)
            elif key == "anyOf":
                for sub in value:
                    found |= keywords_used(sub)
    return found


def errors(value: Any, schema: dict[str, Any], root: dict[str, Any] | None = None, path: str = "$") -> list[str]:
    """Every place where `value` does not satisfy `schema`, as "path: why"."""
    root = root or schema
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return errors(value, root["$defs"][name], root, path)
    if "anyOf" in schema:
        if all(errors(value, sub, root, path) for sub in schema["anyOf"]):
            return [f"{path}: matches none of anyOf"]
        return []
    found: list[str] = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[t](value) for t in types):
            return [f"{path}: not of type {types}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{path}: {value!r} not in {schema['enum']}")
    if "pattern" in schema and isinstance(value, str) and re.search(schema["pattern"], value) is None:
        found.append(f"{path}: {value!r} does not match {schema['pattern']}")
    if "minimum" in schema and isinstance(value, int) and value < schema["minimum"]:
        found.append(f"{path}: {value} below {schema['minimum']}")
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                found.append(f"{path}: {key} is required")
        for key, item in value.items():
            if key in properties:
                found += errors(item, properties[key], root, f"{path}.{key}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{path}: {key} is not allowed")
            elif isinstance(schema.get("additionalProperties"), dict):
                found += errors(item, schema["additionalProperties"], root, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            found += errors(item, schema["items"], root, f"{path}[{i}]")
    return found
