"""Synthetic initiatives: deterministic, seeded answers files for tests, benchmarks and demos.

Every value comes from a `random.Random` seeded with a string built from the seed and the
initiative's number, so the same seed gives byte-identical files on every machine and run (string
seeds do not depend on PYTHONHASHSEED), and initiative 17 is the same whether 20 or 500 are made.

The answers look like real ones where it matters for a portfolio: each initiative has its own
maturity, a few dimensions are weak for most initiatives (funding mix, impact measurement and
follow-up are the usual suspects), about one answer in twenty is "n/a", some notes and actions
exist, and names use several scripts (Latin, Arabic, Cyrillic) so fonts and anonymisation
are tested.
Nothing here is a real initiative or person.

    python3 -m m2w_tool.synth OUT_DIR --count 500 --seed 1 [--respondents 3] [--assessments 3]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from m2w_tool.answers import (
    DONT_KNOW,
    NA,
    Action,
    Answer,
    Answers,
    DimensionAnswers,
    dump_answers,
    write_atomic,
)
from m2w_tool.content import LEVEL_IDS, Content

PROGRAMMES = (
    "Brug naar Werk",
    "Duo's aan de Slag",
    "Samen naar Werk",
    "Werkmaatjes",
    "Kompas",
    "Springplank",
    "Talent in Beweging",
    "Netwerk Nieuwkomers",
    "Horizon",
    "Tandem",
    "Opstap",
    "Werkbrug",
    "Mentor Match",
    "Sterk naar Werk",
    "Nieuwe Wegen",
    "Wegwijs",
    "Kansrijk",
    "Ankerpunt",
)
PLACES = (
    "Gent",
    "Antwerpen",
    "Leuven",
    "Brugge",
    "Genk",
    "Mechelen",
    "Kortrijk",
    "Aalst",
    "Hasselt",
    "Oostende",
    "Sint-Niklaas",
    "Turnhout",
    "Roeselare",
    "Vilvoorde",
    "Brussel",
    "Lier",
    "Geel",
    "Ninove",
)
REGIONS = {
    "Gent": "Oost-Vlaanderen",
    "Aalst": "Oost-Vlaanderen",
    "Sint-Niklaas": "Oost-Vlaanderen",
    "Ninove": "Oost-Vlaanderen",
    "Antwerpen": "Antwerpen",
    "Mechelen": "Antwerpen",
    "Turnhout": "Antwerpen",
    "Lier": "Antwerpen",
    "Geel": "Antwerpen",
    "Leuven": "Vlaams-Brabant",
    "Vilvoorde": "Vlaams-Brabant",
    "Brugge": "West-Vlaanderen",
    "Kortrijk": "West-Vlaanderen",
    "Oostende": "West-Vlaanderen",
    "Roeselare": "West-Vlaanderen",
    "Genk": "Limburg",
    "Hasselt": "Limburg",
    "Brussel": "Brussel",
}
ORG_KINDS = (
    "vzw",
    "Welzijnsschakel",
    "Buurtwerk",
    "Sociale onderneming",
    "Zelforganisatie",
    "Stad",
)
ORG_WORDS = (
    "De Overstap",
    "Atlas",
    "Vindplaats",
    "Het Anker",
    "Kleurrijk",
    "Open Deur",
    "De Sleutel",
    "Nieuwland",
    "De Wissel",
    "Mozaïek",
    "Baobab",
    "Veerkracht",
    "Samenspel",
    "De Kiem",
)
FIRST_NAMES = (
    "Anna",
    "Bram",
    "Fatima",
    "Youssef",
    "Lotte",
    "Mehmet",
    "Sara",
    "Thomas",
    "Amina",
    "Dries",
    "Olena",
    "Kwame",
    "Eline",
    "Tesfaye",
    "Noor",
    "Pieter",
    "فاطمة",
    "يوسف",
    "Олена",
    "Дмитро",
)
LAST_NAMES = (
    "Peeters",
    "Janssens",
    "El Amrani",
    "Yılmaz",
    "De Smet",
    "Maes",
    "Haile",
    "Mertens",
    "Bakker",
    "Diallo",
    "Claes",
    "Kovalenko",
    "Wouters",
    "Nguyen",
    "العلوي",
    "Шевченко",
)
ROLES = (
    "coördinator",
    "trajectbegeleider",
    "coach",
    "bestuurslid",
    "vrijwillige mentor",
    "directeur",
)

# Dimensions that are weak for most initiatives in the field (the domain brief: project funding,
# measuring results, systematic follow-up); the synthetic portfolio should show them as shared.
SHARED_WEAK = {"d11": -0.22, "d12": -0.12, "d14": -0.2, "q06": -0.15, "d15": -0.1}

NOTES = (
    (
        "Nagevraagd door {colleague}; we bespreken dit elk kwartaal.",
        "Checked by {colleague}; we discuss this every quarter.",
    ),
    (
        "Bij {initiative} hangt dit nog te veel af van één persoon.",
        "At {initiative} this still depends too much on one person.",
    ),
    ("Afgesproken, maar niet opgeschreven.", "Agreed, but not written down."),
    (
        "{organisation} wil dit volgend jaar uitbreiden.",
        "{organisation} wants to extend this next year.",
    ),
    ("Hangt af van de projectsubsidie.", "Depends on the project grant."),
    ("Goed voor mentees, minder voor mentoren.", "Good for mentees, less so for mentors."),
)
EVIDENCE = (
    ("Verslag van de teamvergadering", "Minutes of the team meeting"),
    ("Jaarverslag", "Annual report"),
    ("Intakeformulier", "Intake form"),
    ("Samenwerkingsovereenkomst", "Partnership agreement"),
)
ACTIONS = (
    ("Plan een teamdag over deze dimensie.", "Plan a team day on this dimension."),
    ("Schrijf de afspraken op één bladzijde.", "Write the agreements down on one page."),
    ("Vraag feedback aan mentees en mentoren.", "Ask mentees and mentors for feedback."),
    ("Zoek een tweede financier.", "Look for a second funder."),
    ("Bouw een eenvoudige opvolgingstabel.", "Build a simple follow-up table."),
)
BASE_DATE = datetime(2023, 1, 9, 9, 30, tzinfo=timezone(timedelta(hours=1)))


@dataclass(frozen=True)
class Identity:
    """Who a synthetic initiative is: its names, place and people."""

    name: str
    organisation: str
    region: str
    people: tuple[tuple[str, str], ...]  # (name, role) of the possible respondents


def _rng(seed: int | str, *parts: object) -> random.Random:
    return random.Random("m2w-synth:" + ":".join(str(p) for p in (seed, *parts)))


def identity(seed: int | str, index: int) -> Identity:
    """The names of initiative `index`; unique within one seed because `index` is in the name."""
    rng = _rng(seed, index, "identity")
    place = PLACES[index % len(PLACES)]
    programme = PROGRAMMES[(index // len(PLACES)) % len(PROGRAMMES)]
    round_ = index // (len(PLACES) * len(PROGRAMMES))
    name = f"{programme} {place}" + (f" {round_ + 1}" if round_ else "")
    kind = rng.choice(ORG_KINDS)
    word = rng.choice(ORG_WORDS)
    organisation = f"{kind} {place}" if kind == "Stad" else f"{kind} {word} {place}"
    people = tuple((f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", rng.choice(ROLES)) for _ in range(5))
    return Identity(name, organisation, REGIONS[place], people)


def _stamp(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def synth_assessment(
    content: Content,
    seed: int | str,
    index: int,
    *,
    respondent: int = 0,
    assessment: int = 0,
    team: int = 1,
    lang: str = "nl",
    content_version: str | None = None,
) -> Answers:
    """One answers file of synthetic initiative `index`.

    `respondent` picks one of the initiative's people (their answers differ around a shared view);
    `assessment` 0, 1, 2 ... are yearly reassessments, each a little further along; notes only
    name the initiative, its organisation and the `team` people who answer, never anyone else.
    """
    who = identity(seed, index)
    profile = _profile(content, seed, index)
    rng = _rng(seed, index, "answers", respondent, assessment)
    personal = rng.gauss(0.0, 0.06)  # a respondent who sees everything a little rosier or darker
    started = profile.day0 + timedelta(days=365 * assessment + 2 * respondent, minutes=7 * respondent)
    person = who.people[respondent % len(who.people)]
    answers = Answers(
        initiative={"name": who.name, "organisation": who.organisation, "region": who.region},
        respondent={"name": person[0], "role": person[1]},
        language=lang,
        content_version=content_version or content.version,
        content_sha256=content.sha256,
        started=_stamp(started),
        updated=_stamp(started + timedelta(minutes=40 + rng.randrange(0, 60))),
    )
    writer = _Writer(content, rng, 1 if lang == "en" else 0, person[0], started, {
        "colleague": who.people[(respondent + 1) % max(1, team)][0],
        "initiative": who.name,
        "organisation": who.organisation,
    })  # fmt: skip
    for dim in content.dimensions:
        level = _clip(profile.maturity + profile.offsets[dim.id] + profile.growth * assessment + personal)
        for q in dim.questions:
            answer = writer.answer(q, level)
            if answer is not None:
                answers.answers[q.id] = answer
        answers.dimensions[dim.id] = writer.dimension(level)
    return answers


@dataclass(frozen=True)
class _Profile:
    """What every respondent and assessment of one initiative shares."""

    maturity: float  # how far along it is overall, 0-1
    offsets: dict[str, float]  # per dimension, above or below that
    growth: float  # per year
    day0: datetime  # its first assessment


def _profile(content: Content, seed: int | str, index: int) -> _Profile:
    base = _rng(seed, index, "profile")
    maturity = base.uniform(0.2, 0.8)
    offsets = {d.id: base.gauss(0.0, 0.12) + SHARED_WEAK.get(d.short_id, 0.0) for d in content.dimensions}
    growth = base.uniform(0.02, 0.12)
    day0 = BASE_DATE + timedelta(days=base.randrange(0, 300), minutes=base.randrange(0, 480))
    return _Profile(maturity, offsets, growth, day0)


@dataclass
class _Writer:
    """Answers of one respondent, drawn from one random stream (the order of draws is part of the
    result: the same seed always gives the same files)."""

    content: Content
    rng: random.Random
    pick: int  # 0 Dutch, 1 English texts
    person: str
    started: datetime
    names: dict[str, str]

    def answer(self, q, level: float) -> Answer | None:  # noqa: ANN001 - a content Question
        rng, content = self.rng, self.content
        scale = content.scales[q.scale]
        roll = rng.random()
        if roll < 0.02:
            return None  # left unanswered
        answer = Answer()
        if roll < 0.07:
            answer.value = NA if q.na_allowed else DONT_KNOW
        else:
            x = _clip(level + rng.gauss(0.0, 0.12))
            answer.value = scale.low + round(x * (scale.high - scale.low))
            if q.how_well and answer.value > scale.low:
                hw = content.scales[q.how_well]
                answer.how_well = hw.low + round(_clip(x + rng.gauss(0.0, 0.12)) * (hw.high - hw.low))
        if rng.random() < 0.08:
            answer.note = rng.choice(NOTES)[self.pick].format(**self.names)
        if rng.random() < 0.05:
            answer.evidence = rng.choice(EVIDENCE)[self.pick]
        return answer

    def dimension(self, level: float) -> DimensionAnswers:
        rng = self.rng
        dim_answers = DimensionAnswers(importance=rng.randint(1, 5))
        current = LEVEL_IDS.index(self.content.level_for(100 * level).id)
        dim_answers.target = LEVEL_IDS[min(len(LEVEL_IDS) - 1, current + rng.choice((0, 1, 1, 2)))]
        if rng.random() < 0.3:
            dim_answers.reflections = [rng.choice(NOTES)[self.pick].format(**self.names)]
        if rng.random() < 0.25:
            when = (self.started + timedelta(days=30 * rng.randint(2, 12))).date().isoformat()
            dim_answers.actions = [Action(rng.choice(ACTIONS)[self.pick], self.person, when)]
        return dim_answers


def synth_portfolio(
    content: Content,
    count: int,
    seed: int | str = 1,
    *,
    respondents: int = 1,
    assessments: int = 1,
    mixed_versions: bool = False,
    lang: str = "nl",
) -> list[Answers]:
    """`count` initiatives x `respondents` x `assessments` answers files, in a stable order.

    With `mixed_versions` every seventh initiative claims an older content version, as happens
    when a funder collects files made over several years.
    """
    out = []
    for index in range(count):
        version = "2025.1" if mixed_versions and index % 7 == 3 else None
        for assessment in range(assessments):
            for respondent in range(respondents):
                out.append(
                    synth_assessment(
                        content,
                        seed,
                        index,
                        respondent=respondent,
                        assessment=assessment,
                        team=respondents,
                        lang=lang,
                        content_version=version,
                    )
                )
    return out


def file_name(index: int) -> str:
    """A file name that sorts in generation order and says nothing about who answered."""
    return f"initiative-{index:04d}.yaml"


def write_portfolio(folder: Path, answers_list: list[Answers]) -> list[Path]:
    """Write each answers file into `folder` (created) as initiative-0000.yaml ..."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, answers in enumerate(answers_list):
        path = folder / file_name(i)
        write_atomic(path, dump_answers(answers))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    from m2w_tool.content import load_content

    parser = argparse.ArgumentParser(prog="python3 -m m2w_tool.synth", description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--seed", default="1")
    parser.add_argument("--respondents", type=int, default=1)
    parser.add_argument("--assessments", type=int, default=1)
    parser.add_argument("--mixed-versions", action="store_true")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    parser.add_argument("--content", type=Path, default=None)
    args = parser.parse_args(argv)
    content = load_content(args.content)
    items = synth_portfolio(
        content,
        args.count,
        args.seed,
        respondents=args.respondents,
        assessments=args.assessments,
        mixed_versions=args.mixed_versions,
        lang=args.lang,
    )
    paths = write_portfolio(args.folder, items)
    print(f"{len(paths)} files in {args.folder}")


if __name__ == "__main__":
    main()
