"""Click's own words (usage line, section titles, parse errors) in the user's language.

Click writes "Usage:", "Options", "Error: Missing argument ..." through gettext, but ships no
catalogue for Dutch, so a Dutch user who mistypes a command would read English in the middle of
an otherwise Dutch screen. `install()` gives Click's modules a translating `_` and `ngettext`
that follow m2w's current language. Words Click adds in a later release, and every word in
English, pass through unchanged.
"""

from __future__ import annotations

import importlib

from m2w_tool.i18n import current_lang

# Click's message ids (exactly as in its source) -> Dutch; the two metavars are Click's defaults,
# which m2w passes through `gettext` itself (cli.py).
NL: dict[str, str] = {
    "Usage:": "Gebruik:",
    "[OPTIONS]": "[OPTIES]",
    "COMMAND [ARGS]...": "OPDRACHT [ARGUMENTEN]...",
    "Options": "Opties",
    "Commands": "Opdrachten",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": "Toon deze hulp en stop.",
    "env var: {var}": "omgevingsvariabele: {var}",
    "default: {default}": "standaard: {default}",
    "required": "verplicht",
    "(dynamic)": "(wisselend)",
    "deprecated": "verouderd",
    "Aborted!": "Afgebroken.",
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Typ '{command} {option}' voor uitleg.",
    "Missing command.": "Geef een opdracht op.",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende parameter",
    "Missing {param_type}": "Ontbrekend: {param_type}",
    "Missing parameter: {param_name}": "Ontbrekende parameter: {param_name}",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such command {name!r}.": "Onbekende opdracht {name!r}.",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Option {name!r} does not take a value.": "Optie {name!r} neemt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} vraagt {nargs} waarden.",
    "Could not open file {filename!r}: {message}": "Kan bestand {filename!r} niet openen: {message}",
    "unknown error": "onbekende fout",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal ({number_type}).",
    "{value} is not in the range {range}.": "{value} valt buiten het bereik {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} is geen geldige ja/nee-waarde. Mogelijk: {states}"
    ),
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand, geen map.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map, geen bestand.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan niet gelezen worden.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan niet beschreven worden.",
    "Error: invalid input": "Fout: ongeldige invoer",
    "Error: The two entered values do not match.": "Fout: de twee ingevoerde waarden verschillen.",
    "Repeat for confirmation": "Herhaal ter bevestiging",
    "Do you want to continue?": "Wil je doorgaan?",
    "Press any key to continue...": "Druk op een toets om verder te gaan...",
}

# (singular, plural) message ids -> Dutch (singular, plural).
NL_PLURAL: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Onverwacht extra argument ({args})",
        "Onverwachte extra argumenten ({args})",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Bedoel je {possibility}?",
        "(Bedoel je een van deze: {possibilities}?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Optie {name!r} vraagt een waarde.",
        "Optie {name!r} vraagt {nargs} waarden.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} is niet {choice}.",
        "{value!r} is geen van deze: {choices}.",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Vraagt {nargs} waarden, maar er werd er 1 gegeven.",
        "Vraagt {nargs} waarden, maar er werden er {len} gegeven.",
    ),
}

# The modules of Click that translate their messages with a module-level `_` / `ngettext`.
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui")


def gettext(message: str) -> str:
    """`message` (one of Click's message ids) in the current language."""
    return NL.get(message, message) if current_lang() == "nl" else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message id, translated like `gettext`."""
    if current_lang() == "nl" and (singular, plural) in NL_PLURAL:
        singular, plural = NL_PLURAL[singular, plural]
    return singular if n == 1 else plural


def install() -> None:
    """Let Click's modules speak the current language from now on."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
