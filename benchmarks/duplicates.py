"""How fast is the duplicate finder with 50,000 contacts, next to comparing every pair?

    python -m benchmarks.duplicates [--people 50000] [--baseline-people 3000] [--runs 5]
                                    [--seed 1] [--user NAME]

1. Generates people reproducibly (``--seed``): Spanish and English first names and
   surnames (one or two), 60 % in an organization (about one organization per ten people,
   sizes skewed: the biggest has some 1,800 people, most have a handful), 80 % with an
   email and 60 % with a phone. Then 4 % of them get a twin: the same person typed again
   with the words in another order ("Núñez Peña, José"), without accents, with one typing
   slip, with the email in capitals, or the phone written in another way (``0034…``, no
   country code).
2. ``engines.duplicates.duplicates_find`` on all of them, ``--runs`` times: median and best
   wall time, pairs found, and the peak resident set of the process.
3. The baseline: ``duplicates_naive`` (every person against every other, the same rules)
   and ``duplicates_find`` on the first ``--baseline-people``; both must give the same
   pairs; the ratio of their times is printed.
4. With ``--user NAME``: ``people.duplicates.duplicate_pairs`` for that account of the
   database in ``VINCULO_HOME`` (e.g. one made by ``benchmarks.generate``), which adds
   reading the contacts with one query.

Prints a Markdown table and writes the figures, with the load average, to
``benchmarks/data/duplicates.json`` (not committed).
"""

import argparse
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT / "benchmarks" / "data"

from vinculo.engines.duplicates import (  # noqa: E402  (after the path is set)
    Person,
    duplicates_find,
    duplicates_naive,
)

_FIRST_TEXT = (
    "José María Ana Luis Carmen Javier Lucía Roberto Elena Pablo Marta Jorge Laura Diego "
    "Sofía Andrés Paula Miguel Isabel Fernando Beatriz Raúl Cristina Sergio Núria Íñigo "
    "John Mary James Patricia Robert Jennifer Michael Linda David Susan Peter Emma"
)
_LAST_TEXT = (
    "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez "
    "Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Alonso Gutiérrez Navarro Torres "
    "Domínguez Vázquez Ramos Gil Ramírez Serrano Blanco Molina Morales Suárez Ortega "
    "Delgado Castro Ortiz Rubio Marín Sanz Núñez Iglesias Medina Garrido Cortés Castillo "
    "Santos Lozano Guerrero Cano Prieto Méndez Cruz Calvo Gallego Vidal León Márquez "
    "Herrera Peña Flores Cabrera Campos Vega Fuentes Carrasco Diez Caballero Reyes Nieto "
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore"
)
_WORDS_TEXT = (
    "Abogados Consultores Diseño Digital Asesores Ingeniería Estudio Grupo Servicios "
    "Marketing Soluciones Tecnología Cowork Asociación Cámara Fundación Capital Legal "
    "Partners Labs Media Software Energía Logística Salud Formación Arquitectura"
)
FIRST, LAST, WORDS = (text.split() for text in (_FIRST_TEXT, _LAST_TEXT, _WORDS_TEXT))


def _slip(word: str, rng: random.Random) -> str:
    if len(word) < 6:
        return word
    k = rng.randrange(1, len(word) - 2)
    return word[:k] + word[k + 1] + word[k] + word[k + 2 :]


def _plain(text: str) -> str:
    return text.translate(str.maketrans("áéíóúÁÉÍÓÚñÑüÜ", "aeiouAEIOUnNuU"))


def generate(n: int, seed: int) -> tuple[list[Person], dict[int, int]]:
    """The people, and which person each twin was made from."""
    rng = random.Random(seed)
    organizations = [
        f"{rng.choice(LAST)} {rng.choice(WORDS)}" + rng.choice(["", " S.L.", " SA", " Sur"])
        for _ in range(n // 10)
    ]
    people = []
    for pk in range(1, n + 1):
        first = rng.choice(FIRST)
        last = " ".join(rng.sample(LAST, rng.choice((1, 2, 2))))
        name = f"{first} {last}"
        # A few big organizations (the biggest about 6 % of those in one), many small ones.
        organization = organizations[int(len(organizations) * rng.random() ** 3)]
        organization = organization if rng.random() < 0.6 else ""
        slug = _plain(f"{first}.{last}").lower().replace(" ", "")
        emails = [f"{slug}{pk}@example.org"] if rng.random() < 0.8 else []
        phones = [f"+34 6{rng.randrange(10**8):08d}"] if rng.random() < 0.6 else []
        people.append(Person(pk, name, organization, emails, phones))
    twins, twin_of = [], {}
    for person in rng.sample(people, n * 4 // 100):
        first, _space, last = person.name.partition(" ")
        kind = rng.randrange(5)
        name, emails, phones = person.name, (), ()
        if kind == 0:
            name = f"{last}, {first}"
        elif kind == 1:
            name = _plain(person.name)
        elif kind == 2:
            name = " ".join(_slip(w, rng) if i == 1 else w for i, w in enumerate(name.split()))
        elif kind == 3 and person.emails:
            emails = [person.emails[0].upper()]
        elif kind == 4 and person.phones:
            digits = person.phones[0].replace(" ", "")
            phones = [rng.choice([f"00{digits[1:]}", digits[3:]])]
        twin = Person(n + len(twins) + 1, name, person.organization.upper(), emails, phones)
        twins.append(twin)
        twin_of[twin.id] = person.id
    people.extend(twins)
    rng.shuffle(people)
    return people, twin_of


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(function, *args, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--baseline-people", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--user", help="also time duplicate_pairs for this account")
    args = parser.parse_args()

    people, twin_of = generate(args.people, args.seed)
    cpu = time.process_time()
    times, pairs = timed(duplicates_find, people, runs=args.runs)
    cpu = (time.process_time() - cpu) / args.runs
    found = {(p.a, p.b) for p in pairs}
    recall = sum((original, twin) in found for twin, original in twin_of.items()) / len(twin_of)
    reasons = {}
    for pair in pairs:
        reasons[pair.reason] = reasons.get(pair.reason, 0) + 1
    report = {
        "people": len(people),
        "load_average": os.getloadavg(),
        "indexed_s": {"median": statistics.median(times), "best": min(times), "cpu": cpu},
        "twins": len(twin_of),
        "twins_found": recall,
        "pairs": len(pairs),
        "reasons": reasons,
        "peak_mb": peak_mb(),
    }

    sample = people[: args.baseline_people]
    naive_times, naive_pairs = timed(duplicates_naive, sample, runs=1)
    sample_times, sample_pairs = timed(duplicates_find, sample, runs=max(3, args.runs))
    same = [(p.a, p.b, p.reason) for p in naive_pairs] == [
        (p.a, p.b, p.reason) for p in sample_pairs
    ]
    report["baseline"] = {
        "people": len(sample),
        "naive_s": naive_times[0],
        "indexed_s": statistics.median(sample_times),
        "ratio": naive_times[0] / statistics.median(sample_times),
        "same_pairs": same,
        "pairs": len(sample_pairs),
    }
    # Comparing every pair grows with the square: what it would take for all the people.
    report["baseline"]["naive_extrapolated_s"] = naive_times[0] * (len(people) / len(sample)) ** 2

    if args.user:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vinculo.settings")
        import django

        django.setup()
        from django.contrib.auth import get_user_model

        from vinculo.people.duplicates import duplicate_pairs
        from vinculo.people.models import Contact

        user = get_user_model().objects.get(username=args.user)
        db_cpu = time.process_time()
        db_times, db_pairs = timed(lambda: duplicate_pairs(user=user), runs=args.runs)
        db_cpu = (time.process_time() - db_cpu) / args.runs
        report["database"] = {
            "user": args.user,
            "contacts": Contact.objects.for_user(user).count(),
            "median_s": statistics.median(db_times),
            "cpu_s": db_cpu,
            "best_s": min(db_times),
            "pairs": len(db_pairs),
        }

    DATA.mkdir(parents=True, exist_ok=True)
    (DATA / "duplicates.json").write_text(json.dumps(report, indent=2))
    base = report["baseline"]
    print("| measure | figure |\n| --- | ---: |")
    print(f"| people | {report['people']:,} |")
    indexed = report["indexed_s"]
    print(
        f"| duplicates_find, median of {args.runs} (best) | "
        f"{indexed['median'] * 1000:.0f} ms ({indexed['best'] * 1000:.0f} ms) |"
    )
    print(f"| CPU time per run | {cpu * 1000:.0f} ms |")
    print(f"| pairs proposed | {report['pairs']:,} {reasons} |")
    print(f"| planted twins found | {recall:.1%} of {len(twin_of):,} |")
    print(f"| peak memory of the process | {report['peak_mb']:.0f} MB |")
    print(
        f"| every pair compared, {base['people']:,} people | {base['naive_s']:.2f} s "
        f"vs {base['indexed_s'] * 1000:.1f} ms indexed: {base['ratio']:.0f} × "
        f"(same pairs: {base['same_pairs']}) |"
    )
    print(
        f"| every pair compared, extrapolated to {report['people']:,} | "
        f"≈ {base['naive_extrapolated_s'] / 60:.0f} min |"
    )
    if "database" in report:
        db = report["database"]
        print(
            f"| duplicate_pairs through the database, {db['contacts']:,} contacts | "
            f"{db['median_s'] * 1000:.0f} ms median ({db['cpu_s'] * 1000:.0f} ms CPU), "
            f"{db['pairs']:,} pairs |"
        )
    print(f"\nload average: {report['load_average']}")


if __name__ == "__main__":
    main()
