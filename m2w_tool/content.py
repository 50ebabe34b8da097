"""The content model: dimensions, quality components, answer sets and capitals, loaded from YAML.

`load_content` reads a content folder, validates every file against the models below and the rules
that span files, and either returns a frozen `Content` or raises `ContentError` listing *every*
problem at once, each as `file:line:column: key.path: what is wrong`.

Besides the dimension files, a content folder holds the answer sets (`scales.yaml`: the sets the
statements use, and the importance and target sets every dimension asks), and the migration maps
(`migrations/<old version>.yaml`) that say what became of every question of an older version, so
answers files made with it keep working (see m2w_tool.migration).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from m2w_tool.answers_model import DONT_KNOW, NA, Value
from m2w_tool.errors import ContentError, Problem, UnknownDimension
from m2w_tool.i18n import _, ngettext, tr
from m2w_tool.migration import Migration, check_migration, migration_files
from m2w_tool.resources import content_dir
from m2w_tool.validation import (  # noqa: F401 - the building blocks are part of this module's names
    PYDANTIC_MESSAGES,
    DimensionId,
    NonEmpty,
    QuestionId,
    StrictModel,
    Text,
    Word,
    YamlWhere,
    problems_from,
    small_int,
    validate,
)
from m2w_tool.yamlsource import Located, load_located

LEVEL_IDS = ("beginning", "developing", "established", "strong")
MIGRATIONS_DIR = "migrations"  # migration maps, one per older content version; not dimension files
MODULE_IDS = ("sustainability", "quality")
ID_PREFIX = {"sustainability": "d", "quality": "q"}


_Model = StrictModel  # content files refuse unknown keys: a typo is reported, never ignored

# The words read as "not applicable" and "don't know" wherever an answer is typed or written (the
# prompt, an answers file, CSV and spreadsheet cells, the browser), in any case and spacing; besides
# these, a scale's own labels for the two.
NA_WORDS = (NA, "na", "n", "n.v.t.", "nvt", "n.v.t")
DONT_KNOW_WORDS = (DONT_KNOW, "?", "dk", "don't know", "dont know", "weet niet", "weet ik niet", "wn")


def answer_word(raw: str) -> str:
    """What was typed, compared as a word: spacing and case do not matter."""
    return " ".join(raw.split()).lower()


def special_value(raw: str) -> str | None:
    """NA or DONT_KNOW when `raw` is one of their words, else None."""
    word = answer_word(raw)
    if word in NA_WORDS:
        return NA
    return DONT_KNOW if word in DONT_KNOW_WORDS else None


def numbered_choice(word: str) -> int | None:
    """The number of a choice shown as `4 · Largely` (drop-down lists, spreadsheets), or of `4`."""
    return small_int(word.split("·", 1)[0]) if word.strip() else None


class Option(_Model):
    value: int
    label: Text


class Scale(_Model):
    """An answer set, reused by id, with the two answers that are never scored: `na` (not applicable)
    and `dont_know` (don't know). `numbered: false` shows labels without their number (no/partly/yes)."""

    id: Word
    title: Text
    options: Annotated[tuple[Option, ...], Field(min_length=2, max_length=11)]
    na: Text
    dont_know: Text | None = None  # content made before 2026.2 may lack it; see dont_know_text
    numbered: bool = True

    def dont_know_text(self, lang: str) -> str:
        """The label of "don't know" in `lang`."""
        return self.dont_know(lang) if self.dont_know else tr(lang, "Don't know")

    # Cached: scoring asks a scale for these a quarter of a million times in a 1,000-file portfolio.
    @cached_property
    def values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options)

    @cached_property
    def low(self) -> int:
        return min(self.values)

    @cached_property
    def high(self) -> int:
        return max(self.values)

    def label(self, value: int, lang: str) -> str:
        """The label of `value` in `lang` (the value itself when the scale does not know it)."""
        for option in self.options:
            if option.value == value:
                return option.label(lang)
        return str(value)

    def fraction(self, value: float) -> float:
        """Where `value` sits between the lowest (0.0) and highest (1.0) option."""
        return (value - self.low) / (self.high - self.low)

    def parse(self, raw: Any) -> Value:
        """A typed or written answer: a number, `4 · Largely`, a label in either language, or one of
        the words (or this scale's labels) for n/a and don't know. ValueError carries a translated
        hint that names the choices."""
        if isinstance(raw, str):
            word = answer_word(raw)
            found = special_value(word) or self._special_label(word)
            if found is not None:
                return found
            number = numbered_choice(word)
            if number is None:
                return self._by_label(word)
            raw = number
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, int) and not isinstance(raw, bool) and raw in self.values:
            return raw
        raise ValueError(self.hint())

    def _special_label(self, word: str) -> str | None:
        if word in (self.na.nl.lower(), self.na.en.lower()):
            return NA
        if self.dont_know is not None and word in (self.dont_know.nl.lower(), self.dont_know.en.lower()):
            return DONT_KNOW
        return None

    def _by_label(self, word: str) -> int:
        for option in self.options:
            if word in (option.label.nl.lower(), option.label.en.lower()):
                return option.value
        raise ValueError(self.hint())

    def hint(self) -> str:
        """What may be answered, in the interface language."""
        return _("choose %(choices)s, n for not applicable or ? for don't know", choices=self.choices_text())

    def choices_text(self) -> str:
        """`1 to 5` for a run of whole numbers, else `0, 1, 2`."""
        values = sorted(self.values)
        if values == list(range(values[0], values[-1] + 1)) and len(values) > 2:
            return _("%(low)s to %(high)s", low=values[0], high=values[-1])
        return ", ".join(str(v) for v in values)

    def fits(self, value: Value, question: Question | None = None) -> bool:
        """Whether a stored value is a valid answer here: don't know always is, n/a unless
        `question` refuses it."""
        if value == NA:
            return question is None or question.na_allowed
        return value == DONT_KNOW or (
            isinstance(value, int | float) and not isinstance(value, bool) and value in self.values
        )


class RatingSet(_Model):
    """The importance a respondent gives a dimension: whole numbers with a label each."""

    id: Word
    title: Text
    options: Annotated[tuple[Option, ...], Field(min_length=2, max_length=11)]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options)

    def parse(self, raw: Any) -> int | None:
        """A whole number of the set from `4`, `4 · Very important` or a label; None when it is none."""
        if isinstance(raw, bool):
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        if isinstance(raw, str):
            word = answer_word(raw)
            number = numbered_choice(word)
            raw = (
                number
                if number is not None
                else next((o.value for o in self.options if word in (o.label.nl.lower(), o.label.en.lower())), None)
            )
        return raw if isinstance(raw, int) and raw in self.values else None

    def label(self, value: int, lang: str) -> str:
        """The label of `value` in `lang` (the value itself when the set does not know it)."""
        for option in self.options:
            if option.value == value:
                return option.label(lang)
        return str(value)


class TargetOption(_Model):
    value: Literal["beginning", "developing", "established", "strong"]
    label: Text


class TargetSet(_Model):
    """The level a respondent aims for in a dimension; one option per level id."""

    id: Word
    title: Text
    options: Annotated[tuple[TargetOption, ...], Field(min_length=4, max_length=4)]

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(o.value for o in self.options)

    def label(self, value: str, lang: str) -> str:
        for option in self.options:
            if option.value == value:
                return option.label(lang)
        return str(value)


class Capital(_Model):
    id: Word
    title: Text
    summary: Text


class Level(_Model):
    id: Literal["beginning", "developing", "established", "strong"]
    min: Annotated[int, Field(ge=0, le=100)]
    title: Text
    meaning: Text


class Module(_Model):
    id: Literal["sustainability", "quality"]
    title: Text
    summary: Text


class ModulesFile(_Model):
    version: NonEmpty
    modules: Annotated[tuple[Module, ...], Field(min_length=1)]
    levels: Annotated[tuple[Level, ...], Field(min_length=4, max_length=4)]


class ScalesFile(_Model):
    scales: Annotated[tuple[Scale, ...], Field(min_length=1)]
    importance: RatingSet
    target: TargetSet


class CapitalsFile(_Model):
    capitals: Annotated[tuple[Capital, ...], Field(min_length=1)]


class Question(_Model):
    """A statement to rate (sustainability) or a criterion to check (quality)."""

    id: QuestionId
    text: Text
    scale: Word
    how_well: Word | None = None
    fully: Text
    evidence: Text | None = None
    capitals: tuple[Word, ...] = ()
    minimum: bool = False  # quality: a minimum criterion; a component missing one stays at most "developing"
    quick: bool = False  # one of the statements of the quick scan
    na: bool | None = None  # may it be answered "not applicable"? Default: yes, except for minimum criteria

    @property
    def na_allowed(self) -> bool:
        """Whether "not applicable" is an answer here ("don't know" always is)."""
        return (not self.minimum) if self.na is None else self.na


class Method(_Model):
    """A team exercise: what it is for, how long it takes, and its steps."""

    title: Text
    goal: Text
    duration_minutes: Annotated[int, Field(ge=5, le=480)]
    steps: Annotated[tuple[Text, ...], Field(min_length=2, max_length=12)]


class Recommendation(_Model):
    text: Text
    who: Text
    months: Annotated[int, Field(ge=1, le=24)]
    capitals: tuple[Word, ...] = ()


class Recommendations(_Model):
    beginning: Annotated[tuple[Recommendation, ...], Field(min_length=2)]
    developing: Annotated[tuple[Recommendation, ...], Field(min_length=2)]
    established: Annotated[tuple[Recommendation, ...], Field(min_length=2)]
    strong: Annotated[tuple[Recommendation, ...], Field(min_length=2)]

    def for_level(self, level: str) -> tuple[Recommendation, ...]:
        return getattr(self, level)


class Dimension(_Model):
    """One sustainability dimension or one quality component, as in one content file."""

    id: DimensionId
    number: Annotated[int, Field(ge=1, le=99)]
    module: Literal["sustainability", "quality"]
    basis: Literal["memore", "m2w"]
    title: Text
    summary: Text
    theory: Text
    questions: Annotated[tuple[Question, ...], Field(min_length=1, max_length=12)]
    reflection: Annotated[tuple[Text, ...], Field(min_length=1, max_length=6)]
    methods: Annotated[tuple[Method, ...], Field(min_length=1, max_length=3)]
    recommendations: Recommendations
    sources: Annotated[tuple[NonEmpty, ...], Field(min_length=1)]

    @property
    def short_id(self) -> str:
        """`d03-purpose` -> `d03`: what users type after `--only`."""
        return self.id.split("-", 1)[0]

    @property
    def minimums(self) -> tuple[Question, ...]:
        """The minimum criteria (quality components only)."""
        return tuple(q for q in self.questions if q.minimum)

    @property
    def quick_questions(self) -> tuple[Question, ...]:
        """The statements of this dimension that belong to the quick scan."""
        return tuple(q for q in self.questions if q.quick)


def short_key(key: str) -> str:
    """A dimension or question id as typed, the way the content writes it: `D3` -> `d03`,
    `d3-q1` -> `d03-q1`, `q2.importance` -> `q02.importance` (one digit gets its leading zero)."""
    key = key.strip().lower()
    return _ONE_DIGIT.sub(r"\g<1>0\g<2>", key)


_ONE_DIGIT = re.compile(r"^([dq])([0-9])(?=$|[-.])")


@dataclass(frozen=True)
class Content:
    """All content, validated. Dimensions are in module order, then by number."""

    root: Path
    version: str
    sha256: str
    modules: tuple[Module, ...]
    levels: tuple[Level, ...]
    scales: dict[str, Scale]
    capitals: dict[str, Capital]
    dimensions: tuple[Dimension, ...]
    guide: GuideFile | None = None  # the facilitator guide (guide.yaml); see the end of this module
    files: dict[str, Path] = field(default_factory=dict)  # dimension id -> its file
    importance_scale: RatingSet | None = None  # the labels of importance 1-5 (scales.yaml `importance`)
    target_scale: TargetSet | None = None  # the labels of the target levels (scales.yaml `target`)
    migrations: dict[str, Any] = field(default_factory=dict)  # old version -> migration.Migration

    @cached_property
    def questions(self) -> dict[str, tuple[Dimension, Question]]:
        """Every question by id, with the dimension it belongs to."""
        return {q.id: (d, q) for d in self.dimensions for q in d.questions}

    def module(self, module_id: str) -> Module:
        return next(m for m in self.modules if m.id == module_id)

    def in_module(self, module_id: str) -> list[Dimension]:
        return [d for d in self.dimensions if d.module == module_id]

    def find(self, key: str) -> Dimension | None:
        """A dimension by its id (`d03-purpose`), short id (`d03`) or, within a module, number."""
        key = short_key(key)
        for d in self.dimensions:
            if key in (d.id, d.short_id):
                return d
        return None

    def select(self, module: str = "all", only: Iterable[str] = ()) -> list[Dimension]:
        """The dimensions of `module` ('all' for both), narrowed to `only` when given."""
        chosen = [d for d in self.dimensions if module in ("all", d.module)]
        keys = [k for k in only if k.strip()]
        if not keys:
            return chosen
        wanted = []
        for key in keys:
            d = self.find(key)
            if d is None:
                raise KeyError(key)
            if d not in wanted:
                wanted.append(d)
        return [d for d in chosen if d in wanted] if module != "all" else wanted

    def level_for(self, percent: float) -> Level:
        """The level whose threshold `percent` (0-100) reaches."""
        return [lv for lv in self.levels if percent >= lv.min][-1]

    def scale_for(self, question: Question) -> Scale:
        return self.scales[question.scale]

    @cached_property
    def quick_scan(self) -> tuple[tuple[Dimension, Question], ...]:
        """The statements of the quick scan, in content order, with their dimension."""
        return tuple((d, q) for d in self.dimensions for q in d.questions if q.quick)

    @cached_property
    def quick_ids(self) -> frozenset[str]:
        """The question ids of the quick scan."""
        return frozenset(q.id for _, q in self.quick_scan)


@dataclass
class _Parsed:
    label: str
    located: Located
    model: Any


def _label(path: Path, root: Path) -> str:
    """Paths in messages are relative to where the user is, when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _load_one(path: Path, model: type[BaseModel], root: Path, problems: list[Problem]):
    label = _label(path, root)
    located, found = load_located(path, label)
    problems.extend(found)
    if located is None:
        return None
    obj, found = validate(model, located, label)
    problems.extend(found)
    return _Parsed(label, located, obj) if obj is not None else None


def _at(parsed: _Parsed, path: tuple, message: str) -> Problem:
    return YamlWhere(parsed.label, parsed.located).problem(path, message)


def load_content(root: Path | str | None = None) -> Content:
    """Load and validate a content folder (the shipped one by default); raise ContentError."""
    root = Path(root) if root is not None else content_dir()
    if not root.is_dir():
        raise ContentError([Problem(str(root), _("this content folder does not exist"))])
    problems: list[Problem] = []
    shared = _load_shared_files(root, problems)
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    dim_files = _dimension_files(root, files, problems)
    dims = [d for d in (_load_one(p, Dimension, root, problems) for p in dim_files) if d]
    guide = _load_guide(root, problems)
    scales_file, capitals_file, modules_file = (shared["scales.yaml"], shared["capitals.yaml"], shared["modules.yaml"])
    scales = {s.id: s for s in scales_file.model.scales} if scales_file else {}
    capitals = {c.id: c for c in capitals_file.model.capitals} if capitals_file else {}
    problems += _check_shared_files(scales_file, capitals_file, modules_file)
    complete = len(dims) == len(dim_files)  # a file that failed to load would look like a gap
    problems += _check_dimensions(dims, scales, capitals, bool(scales_file and capitals_file), complete)
    migrations, found = _load_migrations(root, dims, scales, modules_file, complete and bool(scales_file))
    problems += found
    if problems:
        raise ContentError(problems, _problems_summary(problems))
    module_order = {m.id: i for i, m in enumerate(modules_file.model.modules)}
    ordered = sorted(dims, key=lambda d: (module_order.get(d.model.module, 99), d.model.number))
    return Content(
        root=root,
        guide=guide,
        version=modules_file.model.version,
        sha256=_digest(root, files),
        modules=modules_file.model.modules,
        levels=tuple(sorted(modules_file.model.levels, key=lambda lv: lv.min)),
        scales=scales,
        capitals=capitals,
        dimensions=tuple(d.model for d in ordered),
        files={d.model.id: Path(d.label) for d in ordered},
        importance_scale=scales_file.model.importance,
        target_scale=scales_file.model.target,
        migrations=migrations,
    )


def _load_shared_files(root: Path, problems: list[Problem]) -> dict[str, _Parsed | None]:
    """modules.yaml, scales.yaml and capitals.yaml, each parsed (None when missing or broken)."""
    special = {"modules.yaml": ModulesFile, "scales.yaml": ScalesFile, "capitals.yaml": CapitalsFile}
    parsed: dict[str, _Parsed | None] = {}
    for name, model in special.items():
        path = root / name
        if not path.is_file():
            problems.append(Problem(_label(path, root), _("this file is missing")))
            parsed[name] = None
        else:
            parsed[name] = _load_one(path, model, root, problems)
    return parsed


def _dimension_files(root: Path, files: list[Path], problems: list[Problem]) -> list[Path]:
    """The YAML files in the module folders; an empty module folder or none at all is a problem."""
    dim_files = [p for p in files if p.parent != root and p.parent.name != MIGRATIONS_DIR]
    for module_id in MODULE_IDS:
        folder = root / module_id
        if folder.is_dir() and not any(p.parent == folder for p in dim_files):
            problems.append(Problem(_label(folder, root), _("this folder has no YAML files")))
    if not dim_files:
        problems.append(
            Problem(_label(root, root), _("no dimension files found (*.yaml in sustainability/ or quality/)"))
        )
    return dim_files


def _problems_summary(problems: list[Problem]) -> str:
    """`Found: 3 problems in 2 files.`"""
    files = len({p.file for p in problems})
    return _(
        "Found: %(problems)s in %(files)s.",
        problems=ngettext("%(n)s problem", "%(n)s problems", len(problems)),
        files=ngettext("%(n)s file", "%(n)s files", files),
    )


def _digest(root: Path, files: list[Path]) -> str:
    """A SHA-256 of every content file's name and bytes: which content an answers file was made with."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _load_migrations(root: Path, dims: list[_Parsed], scales: dict, modules_file, checked: bool):
    """The migration maps by the version they start from, and their problems. Targets are checked
    only when every dimension file loaded (else a missing question would be a false alarm)."""
    problems: list[Problem] = []
    loaded = [p for p in (_load_one(path, Migration, root, problems) for path in migration_files(root)) if p]
    version = modules_file.model.version if modules_file else ""
    questions = {q.id: q for d in dims for q in d.model.questions}
    dimension_ids = {d.model.id: len(d.model.reflection) for d in dims}
    maps: dict[str, Any] = {}
    for parsed in loaded:
        m = parsed.model
        if m.from_version in maps:
            problems.append(
                _at(parsed, ("from",), _("another map also starts at version %(version)s", version=m.from_version))
            )
        maps[m.from_version] = m
        if checked and modules_file:
            problems += check_migration(
                m,
                lambda path, message, p=parsed: _at(p, path, message),
                Path(parsed.label).stem,
                version,
                questions,
                scales,
                dimension_ids,
                [x.model.from_version for x in loaded],
            )
    return maps, problems


def _duplicates(items: Iterable[tuple[str, Any]]) -> list[Any]:
    """Every occurrence after the first of a repeated key, as its payload."""
    seen: set[str] = set()
    out = []
    for key, payload in items:
        if key in seen:
            out.append((key, payload))
        seen.add(key)
    return out


def _check_shared_files(scales_file, capitals_file, modules_file) -> list[Problem]:
    problems = []
    if scales_file:
        for key, i in _duplicates((s.id, i) for i, s in enumerate(scales_file.model.scales)):
            problems.append(_at(scales_file, ("scales", i, "id"), _("answer set '%(key)s' is defined twice", key=key)))
        for i, scale in enumerate(scales_file.model.scales):
            if len(set(scale.values)) != len(scale.values):
                problems.append(_at(scales_file, ("scales", i, "options"), _("two options have the same value")))
    if scales_file:
        problems += _check_dimension_sets(scales_file)
    if capitals_file:
        for key, i in _duplicates((c.id, i) for i, c in enumerate(capitals_file.model.capitals)):
            problems.append(_at(capitals_file, ("capitals", i, "id"), _("capital '%(key)s' is defined twice", key=key)))
    if modules_file:
        levels = modules_file.model.levels
        if sorted(lv.id for lv in levels) != sorted(LEVEL_IDS):
            problems.append(
                _at(modules_file, ("levels",), _("levels must be exactly: %(levels)s", levels=", ".join(LEVEL_IDS)))
            )
        mins = [lv.min for lv in sorted(levels, key=lambda lv: LEVEL_IDS.index(lv.id))]
        if mins[0] != 0 or mins != sorted(set(mins)):
            problems.append(
                _at(modules_file, ("levels",), _("level thresholds must start at 0 and rise from beginning to strong"))
            )
    return problems


def _check_dimension_sets(scales_file: _Parsed) -> list[Problem]:
    """The importance set has distinct whole numbers; the target set names every level once."""
    problems = []
    importance = scales_file.model.importance
    if len(set(importance.values)) != len(importance.values):
        problems.append(_at(scales_file, ("importance", "options"), _("two options have the same value")))
    if sorted(scales_file.model.target.values) != sorted(LEVEL_IDS):
        problems.append(
            _at(
                scales_file, ("target", "options"), _("levels must be exactly: %(levels)s", levels=", ".join(LEVEL_IDS))
            )
        )
    return problems


def _check_dimensions(
    dims: list[_Parsed], scales: dict, capitals: dict, checked_refs: bool, complete: bool
) -> list[Problem]:
    problems: list[Problem] = []
    for key, parsed in _duplicates((p.model.id, p) for p in dims):
        problems.append(_at(parsed, ("id",), _("id '%(key)s' is also used in another file", key=key)))
    for key, (parsed, path) in _duplicates(
        (q.id, (p, ("questions", i, "id"))) for p in dims for i, q in enumerate(p.model.questions)
    ):
        problems.append(_at(parsed, path, _("question id '%(key)s' is used more than once", key=key)))
    for d in dims:
        problems += _check_file(d, scales, capitals, checked_refs)
    problems += _check_minimums_and_quick(dims)
    for module_id in MODULE_IDS:
        problems += _check_numbers([d for d in dims if d.model.module == module_id], module_id, complete)
    return problems


def _check_file(d: _Parsed, scales: dict, capitals: dict, checked_refs: bool) -> list[Problem]:
    """One dimension file: its folder and ids agree with its module, its questions refer to what exists."""
    problems: list[Problem] = []
    dim = d.model
    folder = Path(d.label).parent.name
    if folder in MODULE_IDS and folder != dim.module:
        message = _("this file is in %(folder)s/ but says module '%(module)s'", folder=folder, module=dim.module)
        problems.append(_at(d, ("module",), message))
    prefix = ID_PREFIX[dim.module]
    if not dim.short_id.startswith(prefix):
        message = _("ids in module '%(module)s' start with '%(prefix)s'", module=dim.module, prefix=prefix)
        problems.append(_at(d, ("id",), message))
    for i, q in enumerate(dim.questions):
        if not q.id.startswith(dim.short_id + "-"):
            message = _("question ids in this file start with '%(prefix)s-'", prefix=dim.short_id)
            problems.append(_at(d, ("questions", i, "id"), message))
        if dim.module == "quality" and q.evidence is None:
            message = _("quality criteria need 'evidence': what would show it is in place")
            problems.append(_at(d, ("questions", i), message))
        problems += _check_flags(d, i, q)
        if checked_refs:
            problems += _unknown_scales(d, i, q, scales)
            problems += _unknown_capitals(d, ("questions", i), q.capitals, capitals)
    if checked_refs:
        for level in LEVEL_IDS:
            for j, rec in enumerate(dim.recommendations.for_level(level)):
                problems += _unknown_capitals(d, ("recommendations", level, j), rec.capitals, capitals)
    return problems


def _unknown_scales(d: _Parsed, i: int, q, scales: dict) -> list[Problem]:  # noqa: ANN001 - a Question
    problems = []
    for key in ("scale", "how_well"):
        value = getattr(q, key)
        if value is not None and value not in scales:
            known = ", ".join(sorted(scales))
            message = _("unknown answer set '%(value)s'; known: %(known)s", value=value, known=known)
            problems.append(_at(d, ("questions", i, key), message))
    return problems


def _check_numbers(in_module: list[_Parsed], module_id: str, complete: bool) -> list[Problem]:
    """Numbers within a module run 1..N: no repeats, no gaps (a gap only counts in complete content)."""
    problems = []
    numbers = Counter(d.model.number for d in in_module)
    for d in in_module:
        if numbers[d.model.number] > 1:
            message = _(
                "number %(number)s is used by more than one file in module '%(module)s'",
                number=d.model.number,
                module=module_id,
            )
            problems.append(_at(d, ("number",), message))
    missing = sorted(set(range(1, max(numbers, default=0) + 1)) - set(numbers))
    if missing and in_module and complete:
        last = max(in_module, key=lambda d: d.model.number)
        gaps = ", ".join(map(str, missing))
        message = _("module '%(module)s' has a gap: number(s) %(missing)s missing", module=module_id, missing=gaps)
        problems.append(_at(last, ("number",), message))
    return problems


def _check_flags(d: _Parsed, i: int, q: Question) -> list[Problem]:
    problems = []
    if q.minimum and d.model.module != "quality":
        problems.append(_at(d, ("questions", i, "minimum"), _("only quality criteria can be a minimum criterion")))
    if q.minimum and q.na is True:
        problems.append(
            _at(
                d,
                ("questions", i, "na"),
                _("a minimum criterion applies to every initiative, so it cannot be answered 'not applicable'"),
            )
        )
    return problems


def _check_minimums_and_quick(dims: list[_Parsed]) -> list[Problem]:
    """Every quality component has a minimum criterion; when the content has a quick scan, every
    dimension and component has at least one statement in it."""
    problems = []
    has_quick = any(q.quick for d in dims for q in d.model.questions)
    for d in dims:
        if d.model.module == "quality" and not d.model.minimums:
            problems.append(
                _at(d, ("questions",), _("mark at least one criterion of this component as a minimum (minimum: true)"))
            )
        if has_quick and not d.model.quick_questions:
            problems.append(
                _at(
                    d,
                    ("questions",),
                    _(
                        "the content has a quick scan: mark at least one question of this file as part of it (quick: "
                        "true)"
                    ),
                )
            )
    return problems


def _unknown_capitals(d: _Parsed, path: tuple, used: Iterable[str], capitals: dict) -> list[Problem]:
    return [
        _at(
            d,
            path + ("capitals", k),
            _("unknown capital '%(value)s'; known: %(known)s", value=c, known=", ".join(capitals)),
        )
        for k, c in enumerate(used)
        if c not in capitals
    ]


SCHEMAS = {
    "dimension": Dimension,
    "scales": ScalesFile,
    "capitals": CapitalsFile,
    "modules": ModulesFile,
    "migration": Migration,
}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of a content file of `kind` (dimension, scales, capitals, modules)."""
    model = SCHEMAS[kind]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"m2w content file: {kind}"
    return schema


def choose_dimensions(content: Content, module: str = "all", only: str | Iterable[str] = "") -> list[Dimension]:
    """The dimensions of `module` ('all' for both), narrowed to the ids in `only` ("d03,d07");
    an id the content does not have is a clear error naming the ones it has."""
    keys = only.split(",") if isinstance(only, str) else list(only)
    try:
        return content.select(module, keys)
    except KeyError as exc:
        known = ", ".join(d.short_id for d in content.dimensions)
        raise UnknownDimension(
            _("Unknown dimension '%(key)s'. Known: %(known)s.", key=exc.args[0], known=known)
        ) from None


# --- the facilitator guide (guide.yaml) -----------------------------------------------------------

GUIDE_FILE = "guide.yaml"


class GuideStep(_Model):
    """A part of the session plan: what happens and how long it takes."""

    title: Text
    minutes: Annotated[int, Field(ge=1, le=240)] | None = None  # left out: as long as the exercise chosen
    text: Text


class GuideRole(_Model):
    """A role during the session (facilitator, note-taker ...) and what it asks."""

    title: Text
    text: Text


class GuideFile(_Model):
    """The facilitator guide at the front of every workbook: how to run a team session with it."""

    intro: Annotated[tuple[Text, ...], Field(min_length=1, max_length=8)]
    plan: Annotated[tuple[GuideStep, ...], Field(min_length=1, max_length=20)]
    roles: Annotated[tuple[GuideRole, ...], Field(min_length=1, max_length=8)]
    agreement: Annotated[tuple[Text, ...], Field(min_length=1, max_length=12)]
    before_after: Annotated[tuple[Text, ...], Field(min_length=1, max_length=8)]


def _load_guide(root: Path, problems: list[Problem]) -> GuideFile | None:
    """The content folder's guide.yaml, else the one m2w ships: a folder of one's own questions need
    not rewrite the guide. Its problems join the others, located like them."""
    path = root / GUIDE_FILE
    if not path.is_file():
        path = content_dir() / GUIDE_FILE
    if not path.is_file():
        problems.append(Problem(_label(root / GUIDE_FILE, root), _("this file is missing")))
        return None
    parsed = _load_one(path, GuideFile, root, problems)
    return parsed.model if parsed else None


def load_guide(root: Path | str | None = None) -> GuideFile:
    """The facilitator guide of a content folder (the shipped one by default); raise ContentError."""
    problems: list[Problem] = []
    guide = _load_guide(Path(root) if root is not None else content_dir(), problems)
    if guide is None or problems:
        raise ContentError(problems)
    return guide


SCHEMAS["guide"] = GuideFile
