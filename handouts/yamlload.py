"""Safe YAML loading that remembers where every value came from.

Every YAML file the tool reads goes through :func:`load_yaml`. It refuses
what a clinic should never have to debug by hand (duplicate keys, custom
tags, alias bombs, huge or non-UTF-8 files) and records the line of every
mapping key and list item, so that errors about *meaning* found later
(an unknown item id) can still say ``selection.yaml:12:``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem, closest

MAX_BYTES = 1024 * 1024  # our largest real file is ~40 KB
MAX_NODES = 100_000  # values constructed, aliases counted each time they are used
MAX_DEPTH = 40

_ALLOWED_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP = "tag:yaml.org,2002:map"
# libyaml's parser when PyYAML was built with it: ~15x faster on our files.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SEQ = "tag:yaml.org,2002:seq"

Loc = tuple  # a path into the data: keys (str) and list indexes (int)


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data, and the line of every value in it."""

    name: str  # the file as the user should see it in messages
    data: Any
    lines: dict = field(default_factory=dict)  # Loc -> 1-based line
    plain: dict = field(default_factory=dict)  # Loc -> source text of unquoted non-text scalars
    source: Path | None = None

    def line_of(self, loc: Loc) -> int | None:
        """Line of ``loc``, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get(())

    def problem(self, loc: Loc, message: str) -> Problem:
        """A problem located at ``loc`` in this document."""
        where = ".".join(str(part) for part in loc) or None
        return Problem(message, file=self.name, line=self.line_of(loc), where=where)

    @property
    def folder(self) -> Path:
        return self.source.parent if self.source else Path.cwd()


def read_text(path: Path, name: str | None = None, limit: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file (BOM allowed) with a size limit, or raise InputError."""
    from .errors import reading

    name = name or str(path)
    with reading(name):  # a file, or a folder on its way, the user may not read
        if not path.exists():
            raise InputError(Problem(f"no such file{_nearby(path)}", file=name))
        if path.is_dir():
            raise InputError(Problem("expected a file, found a folder", file=name))
        if not path.is_file():
            raise InputError(Problem("expected a regular file, found a device or pipe", file=name))
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    if len(raw) > limit:
        raise InputError(
            Problem(f"file is larger than {limit // 1024} KB; expected a small text file", file=name)
        )
    return decode_utf8(raw, name)


def decode_utf8(raw: bytes, name: str) -> str:
    """Decode bytes as UTF-8 (dropping a BOM), naming the line of the first bad byte."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            Problem("expected UTF-8 text, found UTF-16; save the file as UTF-8", file=name)
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            Problem(
                f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x}; save the file as UTF-8",
                file=name,
                line=line,
            )
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(Problem("expected text, found a NUL byte (binary file?)", file=name, line=line))
    return text


def load_yaml(path: Path | str, name: str | None = None) -> Document:
    """Load one YAML file safely into a :class:`Document`, or raise InputError."""
    path = Path(path)
    name = name or str(path)
    return parse_yaml(read_text(path, name), name, source=path)


def parse_yaml(text: str, name: str, source: Path | None = None) -> Document:
    """Parse YAML text into a :class:`Document`, or raise InputError."""
    _refuse_deep_nesting(text, name)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise InputError(_syntax_problem(exc, name, text)) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise InputError(Problem(
            f"found the control character U+{exc.character:04X}; expected printable text, remove it",
            file=name, line=line)) from None
    except yaml.YAMLError as exc:
        raise InputError(Problem(f"not valid YAML ({exc})", file=name)) from None
    except RecursionError:
        raise InputError(
            Problem(f"nested too deeply; expected at most {MAX_DEPTH} levels", file=name)
        ) from None
    finally:
        loader.dispose()
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        raise InputError(Problem("file is empty; expected a YAML mapping of keys and values", file=name))
    builder = _Builder(name, loader)
    data = builder.build(node, (), 0)
    return Document(name, data, builder.lines, builder.plain, source)


def _refuse_deep_nesting(text: str, name: str) -> None:
    """Refuse nesting deeper than any handout file needs, before the parser sees it.

    libyaml's parser recurses in C: tens of thousands of '[' crash the process
    outright, with no exception to catch. Counting open brackets (even inside
    quotes, to be safe: no real file has hundreds) and leading '- ' / '? '
    markers is cheap and stops every such file.
    """
    limit = MAX_DEPTH * 5
    depth = 0
    for line_number, line in enumerate(text.split("\n"), 1):
        stripped, markers = line.lstrip(" "), 0
        while stripped[:2] in ("- ", "? ", "-\t") or stripped in ("-", "?"):
            markers += 1
            stripped = stripped[2:].lstrip(" ")
        for ch in line:
            if ch in "[{":
                depth += 1
                if depth > limit:
                    break
            elif ch in "]}":
                depth = max(0, depth - 1)
        if depth + markers > limit:
            raise InputError(Problem(f"nested too deeply; expected at most {MAX_DEPTH} levels", file=name,
                                     line=line_number))


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "not valid YAML"
    hint = ""
    line_text = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "\t" in line_text[: mark.column + 1] if mark else False:
        hint = "; indent with spaces, not tabs"
    elif "expected a single document" in str(exc):
        problem = "expected one YAML document, found more than one (a '---' line?)"
    elif "duplicate anchor" in str(exc):
        problem = "an anchor name is used twice"
    return Problem(f"YAML syntax: {problem}{hint}", file=name, line=mark.line + 1 if mark else None)


class _Builder:
    """Turn a composed node graph into plain data, recording lines as it goes."""

    def __init__(self, name: str, loader: yaml.SafeLoader):
        self.name = name
        self.loader = loader
        self.lines: dict = {}
        self.plain: dict = {}
        self.count = 0

    def fail(self, node: yaml.Node, message: str, loc: Loc | None = None) -> InputError:
        where = ".".join(str(part) for part in loc) if loc else None
        return InputError(Problem(message, file=self.name, line=node.start_mark.line + 1, where=where))

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(
                node,
                f"more than {MAX_NODES:,} values (an alias bomb?); expected a small handout file",
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested too deeply; expected at most {MAX_DEPTH} levels")
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, f"tag {_short(node.tag)} is not allowed; expected a plain list")
            items = []
            for index, child in enumerate(node.value):
                self.lines[loc + (index,)] = child.start_mark.line + 1
                items.append(self.build(child, loc + (index,), depth + 1))
            return items
        assert isinstance(node, yaml.ScalarNode), "the composer makes only scalars, lists and mappings"
        return self._scalar(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict:
        if node.tag != _MAP:
            raise self.fail(node, f"tag {_short(node.tag)} is not allowed; expected a plain mapping")
        result: dict = {}
        first_line: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "merge keys ('<<') are not supported; write the keys out")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "expected a plain key, found a list or mapping as a key")
            key = self._scalar(key_node, None)
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                key = key_node.value
            key = str(key)
            line = key_node.start_mark.line + 1
            if key in result:
                raise self.fail(
                    key_node, f"duplicate key '{key}' (first at line {first_line[key]}); keep one"
                )
            first_line[key] = line
            self.lines[loc + (key,)] = line
            result[key] = self.build(value_node, loc + (key,), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode, loc: Loc | None) -> Any:
        if node.tag not in _ALLOWED_SCALARS:
            raise self.fail(node, f"tag {_short(node.tag)} is not allowed; remove it")
        try:
            value = self.loader.construct_object(node)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError):
            # An impossible date such as 2026-02-30: keep the text, so the
            # schema reports it together with every other problem.
            value = node.value
        except Exception:  # an explicit tag on a value it cannot hold: !!bool word, !!int on nothing
            raise self.fail(node, f"tag {_short(node.tag)} does not fit '{node.value[:40]}'; remove the tag",
                            loc) from None
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
            if loc is None:  # a key: keep its text, for the schema to name
                return node.value
            raise self.fail(node, f"expected text or a small number, got a number {len(node.value):,} characters "
                                  "long; put it in quotes if it is text", loc)
        # An unquoted scalar: style None from PyYAML's parser, '' from libyaml's.
        if loc is not None and not node.style and node.value and not isinstance(value, str):
            self.plain[loc] = node.value
        if isinstance(value, dt.datetime):
            # A date with a time: keep only the date, handouts are day-precise.
            value = value.date()
        return value


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _nearby(path: Path) -> str:
    """'; did you mean ...?' for a file of a similar name in the same folder."""
    folder = path.parent if str(path.parent) else Path(".")
    try:  # compare names without their extension: every YAML file ends in .yaml
        stems = {p.stem: p.name for p in folder.iterdir() if p.suffix == path.suffix} if folder.is_dir() else {}
    except OSError:
        stems = {}
    match = closest(path.stem, stems)
    return f"; did you mean '{stems[match]}'?" if match else ""
