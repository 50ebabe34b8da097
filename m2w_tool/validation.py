"""What every validated file shares: the building blocks of its models, and one way to say what is wrong.

Content files (dimensions, scales, migration maps, the guide) and answers files (and everything that
becomes one: CSV and spreadsheet rows, workbook fields, a change in the browser) are checked with
pydantic models. Their problems all take one form, `file:line:column: key.path: message`, every
problem of a file at once:

- `problems_from(exc, where)` turns a pydantic ValidationError into Problems, in the words of
  `PYDANTIC_MESSAGES` (or a validator's own words, see `refuse`);
- `where` is any `Where`: it knows where a key path stands in its source. A YAML document knows
  lines and columns (`YamlWhere` over yamlsource.Located), a CSV file rows, a spreadsheet sheets
  and cells, a PDF its field names (m2w_tool.answers_import, m2w_tool.pdfform).

Pure: imports nothing of the domain, so content, migration and answers can all build on it.
"""

from __future__ import annotations

from typing import Annotated, Any, Protocol

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from m2w_tool.errors import Problem
from m2w_tool.i18n import N_, _
from m2w_tool.yamlsource import Located, format_path

Path_ = tuple[str | int, ...]

# --- building blocks of content models --------------------------------------------------------------

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
DimensionId = Annotated[str, StringConstraints(pattern=r"^[dq][0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$")]
QuestionId = Annotated[str, StringConstraints(pattern=r"^[dq][0-9]{2}-[a-z0-9]+(-[a-z0-9]+)*$")]
Word = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]


class StrictModel(BaseModel):
    # Unknown keys are refused so a typo ("titel:") is reported, never silently ignored.
    # Built when first used: a command whose content comes from the cache never builds them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(StrictModel):
    """A text a person reads, in Dutch and English; neither may be empty."""

    nl: NonEmpty
    en: NonEmpty

    def __call__(self, lang: str) -> str:
        # A language the content has no text for (a new interface catalogue) reads English.
        return self.nl if lang == "nl" else self.en


def small_int(text: str) -> int | None:
    """`text` as a whole number of at most nine digits (a sign allowed), else None.

    Not str.isdigit, which says yes to `²` (the key left of 1 on Belgian keyboards) that int() refuses;
    and never the digits of a number so long that int() refuses it as well."""
    text = text.strip()
    digits = text[1:] if text[:1] in ("+", "-") else text
    return int(text) if digits.isdecimal() and len(digits) <= 9 else None


# --- where a problem is -------------------------------------------------------------------------------


class Where(Protocol):
    """Knows where a key path of the data stands in its source, and makes the Problem saying so."""

    def problem(self, path: Path_, message: str) -> Problem: ...


class YamlWhere:
    """Problems of a YAML document: `file:line:column: key.path: message`."""

    def __init__(self, label: str, located: Located) -> None:
        self.label, self.located = label, located

    def problem(self, path: Path_, message: str) -> Problem:
        line, col = self.located.position(path)
        return Problem(self.label, message, line, col, format_path(path))


# --- pydantic's errors in our words ---------------------------------------------------------------------

# Friendlier words for pydantic's error types (by type), with its context values as placeholders.
PYDANTIC_MESSAGES = {
    "missing": N_("this key is required but missing"),
    "extra_forbidden": N_("unknown key (a typo?); see dimensions/FORMAT.md for the keys allowed here"),
    "string_too_short": N_("the text is empty"),
    "string_type": N_("must be text"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "too_short": N_("needs at least %(min_length)s item(s)"),
    "too_long": N_("allows at most %(max_length)s item(s)"),
    "greater_than_equal": N_("must be at least %(ge)s"),
    "less_than_equal": N_("must be at most %(le)s"),
    "tuple_type": N_("must be a list"),
    "list_type": N_("must be a list"),
    "dict_type": N_("must be a mapping of keys and values"),
    "model_type": N_("must be a mapping of keys and values"),
    "model_attributes_type": N_("must be a mapping of keys and values"),
    "literal_error": N_("must be one of: %(expected)s"),
    "string_pattern_mismatch": N_("is not a valid id here (lowercase letters, digits and dashes)"),
}

_OWN_WORDS = "m2w"  # the error type of `refuse`: its message is already in the user's words


def refuse(message: str) -> PydanticCustomError:
    """An error a validator raises in its own (translated) words; `problems_from` shows them as they are."""
    return PydanticCustomError(_OWN_WORDS, "{message}", {"message": message})


def _message(err: dict[str, Any]) -> str:
    ctx = err.get("ctx") or {}
    if err["type"] == _OWN_WORDS:
        return str(ctx.get("message", err["msg"]))
    if err["type"] not in PYDANTIC_MESSAGES:
        return err["msg"]
    try:
        return _(PYDANTIC_MESSAGES[err["type"]], **ctx)
    except (KeyError, IndexError, TypeError, ValueError):
        return err["msg"]


def errors_of(exc: ValidationError) -> list[tuple[Path_, str]]:
    """Each error of `exc` as (key path, message), once: pydantic also counts a list's broken items
    as missing ones. A missing key keeps its own path; a source places it at its parent (the
    nearest key it has a position for)."""
    errors = exc.errors()
    nested = {tuple(e["loc"])[:i] for e in errors for i in range(len(e["loc"]))}
    return [
        (tuple(err["loc"]), _message(err))
        for err in errors
        if not (err["type"] == "too_short" and tuple(err["loc"]) in nested)  # the item's own error says it
    ]


def problems_from(exc: ValidationError, where: Where) -> list[Problem]:
    """The problems of a ValidationError, each located by `where`."""
    return [where.problem(path, message) for path, message in errors_of(exc)]


def validate(model: type[BaseModel], located: Located, label: str, context: dict | None = None):
    """`model` validated from a YAML document: (the object or None, its problems)."""
    try:
        return model.model_validate(located.data, context=context), []
    except ValidationError as exc:
        return None, problems_from(exc, YamlWhere(label, located))
