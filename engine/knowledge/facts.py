"""Read entities, sources and dated facts from YAML (ruamel, for positions) into models."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator
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
    iso: str | None = Field(default=None, description="ISO 3166-1 alpha-2 code, for states")
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
        if value is not None and not re.fullmatch(r"[A-Z]{2}", value):
            raise ValueError("an ISO 3166-1 code is two capital letters, e.g. AM")
        return value


class Source(_Model):
    """Where facts come from: a treaty text, a news article, a resolution."""

    id: str
    title: str
    kind: Literal["treaty", "news", "resolution", "statement", "reference", "dataset"] = "reference"
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
    """Read a file and parse it, turning read and YAML errors into located CasusErrors."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CasusError.single(
            "unreadable", f"cannot read file: {exc}", Location(str(path))
        ) from None
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
        raise CasusError.single(
            "yaml", f"YAML value error: {exc}", Location(str(path), 1, 1)
        ) from None


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


def _key_loc(path: Path, node: MappingNode, key: str, fallback: Location) -> Location:
    value = _value_node(node, key)
    return fallback if value is None else _node_loc(path, value)


def _entries(path: Path, root: Node | None) -> Iterator[tuple[MappingNode, Location]]:
    """The mapping items of a top-level YAML list, each with its location."""
    if root is None:
        return
    if not isinstance(root, SequenceNode):
        raise CasusError.single(
            "yaml-shape",
            "expected a list of entries (lines starting with '- ')",
            _node_loc(path, root),
        )
    for item in root.value:
        loc = _node_loc(path, item)
        if not isinstance(item, MappingNode):
            raise CasusError.single("yaml-shape", "each entry must be a mapping (key: value)", loc)
        yield item, loc


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
        raise CasusError.single("yaml", f"YAML value error: {exc}", _node_loc(path, node)) from None


def _validate(model: type[_Model], node: MappingNode, path: Path, loc: Location) -> Any:
    try:
        return model.model_validate(_plain(node, path))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = str(err["loc"][0]) if err["loc"] else ""
            where = _key_loc(path, node, key, loc) if key else loc
            field = ".".join(str(p) for p in err["loc"])
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden" and field.endswith(")"):
                msg = (
                    f"{field!r} looks like part of a fact split at a comma: in the "
                    '{fact: ...} form, quote the fact, e.g. {fact: "party(a, b)"}'
                )
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
    for node, loc in _entries(path, compose_yaml(path)):
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


def load_entities(path: Path) -> dict[str, Entity]:
    """Read the entity registry; ids must be unique, states need an ISO code."""
    entities, problems = _load_registry(path, Entity, "entity")
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
    if not path.is_relative_to(root) or not path.is_file():
        return None
    try:
        if path.stat().st_size > MAX_SOURCE_TEXT:
            return None
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _fact_atom(path: Path, node: MappingNode, loc: Location, text: str) -> Atom:
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
    for node, loc in _entries(path, compose_yaml(path)):
        try:
            entry: FactEntry = _validate(FactEntry, node, path, loc)
            atom = _fact_atom(path, node, loc, entry.fact)
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
            {
                "from": entry.valid_from,
                "until": entry.valid_until,
                "source": entry.source,
                "quote": entry.quote,
            }
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
    node: MappingNode,
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
