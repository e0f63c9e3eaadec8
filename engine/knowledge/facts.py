"""Read entities, sources and dated facts from YAML (ruamel, for positions) into models."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..errors import CasusError, Location, Problem
from ..language.ast import Atom, Const, Decl, is_identifier
from ..language.check import check_atom, suggest
from ..language.syntax import parse_ground_atom
from .limits import read_text, read_yaml_text
from .store import Claim, FactRecord

EntityKind = Literal[
    "state", "treaty", "organisation", "place", "region", "event", "interpretation", "other"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Entity(_Model):
    """A named thing facts talk about: a state, treaty, place, event..."""

    id: str
    kind: EntityKind
    label: str
    aliases: list[str] = Field(default_factory=list)
    iso: str | None = Field(
        default=None,
        description="ISO 3166-1 alpha-2 code (states, territories), ISO 3166-2 (subdivisions)",
    )
    demonyms: list[str] = Field(
        default_factory=list, description="adjectives or demonyms, usual form first (Kyrgyz)"
    )
    treaties: list[str] = Field(
        default_factory=list,
        description="for an interpretation: the treaties whose stated practice it encodes",
    )
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _id_is_identifier(cls, value: str) -> str:
        if not is_identifier(value):
            raise ValueError("an entity id must be a lower-case identifier like nagorno_karabakh")
        return value

    @field_validator("iso")
    @classmethod
    def _iso_code(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", value):
            raise ValueError(
                "an ISO 3166 code is two capital letters (AM), or for a subdivision the "
                "country code, a hyphen and up to three letters or digits (AM-TV)"
            )
        return value


class Source(_Model):
    """Where facts come from: a treaty text, a news article, a resolution."""

    id: str
    title: str
    kind: Literal["treaty", "news", "resolution", "statement", "reference", "dataset"] = (
        "reference"
    )
    publisher: str | None = None
    date: dt.date | None = None
    url: str | None = None
    text: str | None = Field(
        default=None,
        description="file name of the source text in the articles folder (CASUS_ARTICLES)",
    )


class ClaimEntry(_Model):
    """An alternative dating of a fact from another source (sources disagree)."""

    valid_from: dt.date | None = Field(default=None, alias="from")
    valid_until: dt.date | None = Field(default=None, alias="until")
    source: str
    quote: str | None = None
    note: str | None = None


class FactEntry(_Model):
    """One fact as written in a facts file."""

    fact: str
    valid_from: dt.date | None = Field(default=None, alias="from")
    valid_until: dt.date | None = Field(default=None, alias="until")
    source: str
    quote: str | None = None
    note: str | None = None
    disputed: list[ClaimEntry] = Field(default_factory=list)
    also: list[ClaimEntry] = Field(
        default_factory=list, description="further sources that state the same fact"
    )
    reviewed: bool = Field(
        default=True, description="false for facts proposed by `casus extract` until accepted"
    )


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml


def _parse_file(path: Path, parse: Callable[[str], Any]) -> Any:
    """Read a file within the limits and parse it; read and YAML errors become CasusErrors."""
    text = read_yaml_text(path)
    try:
        return parse(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"YAML syntax error: {exc.problem or exc.context}"
        raise CasusError.single("yaml", message, Location(str(path), line, col)) from None
    except YAMLError as exc:
        raise CasusError.single("yaml", f"YAML error: {exc}", Location(str(path), 1, 1)) from None
    except ValueError as exc:  # a scalar ruamel cannot construct, e.g. the date 0000-01-01
        raise CasusError.single("yaml", f"YAML value error: {exc}", Location(str(path), 1, 1)) \
            from None


def read_yaml(path: Path) -> Any:
    """Load a YAML file round-trip (comments and layout kept, for writing it back)."""
    return _parse_file(path, _yaml().load)


def compose_yaml(path: Path) -> Node | None:
    """Parse a YAML file into ruamel's node tree, which keeps every position; the C-backed
    safe composer is several times faster than round-trip loading on large fact files."""
    node: Node | None = _parse_file(path, YAML(typ="safe", pure=False).compose)
    return node


def _node_loc(path: Path, node: Node) -> Location:
    return Location(str(path), node.start_mark.line + 1, node.start_mark.column + 1)


def _value_node(node: MappingNode, key: str) -> Node | None:
    for key_node, value in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key and isinstance(value, Node):
            return value
    return None


def _key_loc(
    path: Path, node: MappingNode | dict[str, Any], key: str, fallback: Location
) -> Location:
    if isinstance(node, dict):
        return fallback
    value = _value_node(node, key)
    return fallback if value is None else _node_loc(path, value)


@dataclass(frozen=True)
class _Entry:
    """One entry of a registry or facts file: its YAML node, or its values when the file is in
    the JSON-lines form; where it starts; and, for JSON lines, the column of its fact text."""

    item: MappingNode | dict[str, Any]
    loc: Location
    fact_col: int = 0


def _entries(path: Path, root: Node | None) -> Iterator[_Entry]:
    """The mapping items of a top-level YAML list, each with its location."""
    if root is None:
        return
    if not isinstance(root, SequenceNode):
        raise CasusError.single(
            "yaml-shape", "expected a list of entries (lines starting with '- ')",
            _node_loc(path, root),
        )
    for item in root.value:
        loc = _node_loc(path, item)
        if not isinstance(item, MappingNode):
            raise CasusError.single(
                "yaml-shape", "each entry must be a mapping (key: value)", loc
            )
        yield _Entry(item, loc)


JSON_LINE = '- {"'  # how every entry of a generated file starts (tools/world.py)


def _json_lines(path: Path, text: str) -> list[_Entry] | None:
    """The entries of a file written as one JSON object per line (`- {"fact": ...}`), the form
    of the generated world files: valid YAML, read by json many times faster than a YAML
    composer. None when the file has any other line than these, comments and blank lines."""
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(JSON_LINE):
            return None
        try:
            data = json.loads(line[2:])
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        fact_key = line.find('"fact": "')
        entries.append(_Entry(data, Location(str(path), number, 3), fact_key + len('"fact": "')))
    return entries


def file_entries(path: Path) -> list[_Entry]:
    """The entries of a registry or facts file, through json for generated files."""
    text = _parse_file(path, str)
    fast = _json_lines(path, text) if JSON_LINE in text else None
    if fast is not None:
        return fast
    return list(_entries(path, compose_yaml(path)))


_SCALARS = YAML(typ="safe", pure=False)


def _plain(node: Node, path: Path) -> Any:
    """Build plain Python values from nodes (scalars as YAML resolves them, e.g. dates)."""
    if isinstance(node, MappingNode):
        return {str(_plain(k, path)): _plain(v, path) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [_plain(v, path) for v in node.value]
    try:
        return _SCALARS.constructor.construct_object(node, deep=True)
    except (ValueError, YAMLError) as exc:  # e.g. the impossible date 0000-01-01
        raise CasusError.single(
            "yaml", f"YAML value error: {exc}", _node_loc(path, node)
        ) from None


def _validate(
    model: type[_Model], node: MappingNode | dict[str, Any], path: Path, loc: Location
) -> Any:
    try:
        return model.model_validate(node if isinstance(node, dict) else _plain(node, path))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else ""
            where = _key_loc(path, node, key, loc) if key else loc
            field = ".".join(str(p) for p in err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden" and field.endswith(")"):
                msg = (f"{field!r} looks like part of a fact split at a comma: in the "
                       "{fact: ...} form, quote the fact, e.g. {fact: \"party(a, b)\"}")
                field = ""
            problems.append(Problem("invalid", f"{field}: {msg}" if field else msg, where))
        raise CasusError(problems) from None


Registered = TypeVar("Registered", "Entity", "Source")


def _load_registry(
    path: Path, model: type[Registered], what: str
) -> tuple[dict[str, Registered], list[Problem]]:
    """Read a YAML list of entries with unique ids into validated models."""
    items: dict[str, Registered] = {}
    problems: list[Problem] = []
    for entry in file_entries(path):
        node, loc = entry.item, entry.loc
        try:
            item: Registered = _validate(model, node, path, loc)
        except CasusError as exc:
            problems += exc.problems
            continue
        if item.id in items:
            problems.append(Problem(f"duplicate-{what}", f"{what} {item.id} is defined twice", loc))
        if isinstance(item, Entity) and item.kind == "state" and item.iso is None:
            problems.append(
                Problem("missing-iso", f"state {item.id} needs its ISO 3166 code (iso: XX)", loc)
            )
        items[item.id] = item
    return items, problems


def load_entities(*paths: Path) -> dict[str, Entity]:
    """Read the entity registry from one or more files; ids must be unique across them all,
    states need an ISO code, and the treaties an interpretation names must be treaty entities."""
    entities: dict[str, Entity] = {}
    origin: dict[str, Path] = {}
    problems: list[Problem] = []
    for path in paths:
        found, found_problems = _load_registry(path, Entity, "entity")
        problems += found_problems
        for ident in found.keys() & entities.keys():
            problems.append(Problem(
                "duplicate-entity", f"entity {ident} is defined twice (also in an earlier "
                "entities file); keep one", Location(str(path)),
            ))
        entities.update(found)
        origin.update(dict.fromkeys(found, path))
    treaties = [i for i, e in entities.items() if e.kind == "treaty"]
    for entity in entities.values():
        for name in entity.treaties:
            if name not in treaties:
                problems.append(
                    Problem(
                        "unknown-treaty",
                        f"entity {entity.id} names treaty {name!r}, which is no treaty entity",
                        Location(str(origin[entity.id])),
                        suggest(name, treaties),
                    )
                )
    if problems:
        raise CasusError(problems)
    return entities


def load_sources(path: Path) -> dict[str, Source]:
    """Read the source registry; ids must be unique."""
    sources, problems = _load_registry(path, Source, "source")
    if problems:
        raise CasusError(problems)
    return sources


_QUOTE_MAP = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def normalize_text(text: str) -> str:
    """Compare quotes with their source regardless of line wrapping and quote styles."""
    text = text.translate(_QUOTE_MAP)
    text = re.sub(r"-\s+", "-", text)
    return re.sub(r"\s+", " ", text).strip()


MAX_SOURCE_TEXT = 2_000_000  # bytes; longer files are not article or treaty texts


def source_text(articles: Path, source: Source) -> str | None:
    """The text of a source, if it is a regular file inside the articles folder on this machine.

    A `text:` that leaves the folder, names no regular file, is too large or is not UTF-8
    counts as absent: quotes from it are then reported as not verified, never confirmed.
    """
    if source.text is None:
        return None
    root = articles.resolve()
    path = (root / source.text).resolve()
    if not path.is_relative_to(root):
        return None
    try:
        return read_text(path, MAX_SOURCE_TEXT)
    except CasusError:
        return None


def _fact_atom(path: Path, entry: _Entry, text: str) -> Atom:
    node, loc = entry.item, entry.loc
    if isinstance(node, dict):
        line, col = loc.line - 1, entry.fact_col
    else:
        value = _value_node(node, "fact")
        if value is None:
            line, col = loc.line - 1, loc.col - 1
        else:
            line, col = value.start_mark.line, value.start_mark.column
            if isinstance(value, ScalarNode) and value.style in ("'", '"'):
                col += 1
    return parse_ground_atom(text, str(path), line_offset=line, col_offset=col)


def check_constants(atom: Atom, known: Collection[str]) -> list[Problem]:
    """Identifier constants must be known entities; offer the closest ones."""
    problems = []
    for arg in atom.args:
        if isinstance(arg, Const) and isinstance(arg.value, str) and is_identifier(arg.value):
            if arg.value not in known:
                problems.append(
                    Problem(
                        "unknown-entity",
                        f"unknown entity {arg.value} in {atom}",
                        arg.loc,
                        suggest(arg.value, known),
                    )
                )
    return problems


def load_facts(
    path: Path,
    decls: dict[str, Decl],
    entities: dict[str, Entity],
    sources: dict[str, Source],
    texts: dict[str, str | None],
) -> list[FactRecord]:
    """Read one facts file into records, checking predicates, entities, sources and quotes."""
    records: list[FactRecord] = []
    problems: list[Problem] = []
    for item in file_entries(path):
        node, loc = item.item, item.loc
        try:
            entry: FactEntry = _validate(FactEntry, node, path, loc)
            atom = _fact_atom(path, item, entry.fact)
        except CasusError as exc:
            problems += exc.problems
            continue
        found = check_atom(atom, decls) + check_constants(atom, entities)
        decl = decls.get(atom.pred)
        if decl is not None and decl.derived:
            found.append(
                Problem(
                    "fact-for-derived",
                    f"{atom.pred} is derived by rules; facts can only state .input predicates",
                    atom.loc,
                )
            )
        main_claim = ClaimEntry.model_validate(
            {"from": entry.valid_from, "until": entry.valid_until,
             "source": entry.source, "quote": entry.quote}
        )
        claims = [main_claim, *entry.disputed, *entry.also]
        for claim in claims:
            found += _check_claim(path, node, loc, claim, sources, texts)
        if found:
            problems += found
            continue
        records.append(
            FactRecord(
                pred=atom.pred,
                args=atom.values(),
                source=entry.source,
                loc=loc,
                valid_from=entry.valid_from,
                valid_until=entry.valid_until,
                quote=entry.quote,
                note=entry.note,
                alternatives=tuple(
                    Claim(c.source, c.valid_from, c.valid_until, c.quote, c.note)
                    for c in entry.disputed
                ),
                reviewed=entry.reviewed,
            )
        )
    if problems:
        raise CasusError(problems)
    return records


def _check_claim(
    path: Path,
    node: MappingNode | dict[str, Any],
    loc: Location,
    claim: ClaimEntry,
    sources: dict[str, Source],
    texts: dict[str, str | None],
) -> list[Problem]:
    problems: list[Problem] = []
    if claim.source not in sources:
        problems.append(
            Problem(
                "unknown-source",
                f"unknown source {claim.source}; add it to sources.yaml",
                _key_loc(path, node, "source", loc),
                suggest(claim.source, sources),
            )
        )
    elif claim.quote is not None:
        text = texts.get(claim.source)
        if text is not None and normalize_text(claim.quote) not in normalize_text(text):
            problems.append(
                Problem(
                    "quote-not-found",
                    f"the quote does not occur in the text of source {claim.source}",
                    _key_loc(path, node, "quote", loc),
                )
            )
    if claim.valid_from and claim.valid_until and claim.valid_until <= claim.valid_from:
        problems.append(
            Problem(
                "bad-dates", "'until' must be later than 'from'", _key_loc(path, node, "until", loc)
            )
        )
    return problems
