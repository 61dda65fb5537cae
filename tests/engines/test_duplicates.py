import random

from vinculo.engines.duplicates import (
    EMAIL,
    MAX_SHARED,
    NAME,
    PHONE,
    Pair,
    Person,
    duplicate_groups,
    duplicates_find,
    duplicates_find_in_parts,
    duplicates_naive,
    name_words,
    names_close,
    phone_key,
)


def test_name_words_ignore_accents_case_punctuation_and_order():
    assert name_words("Núñez Peña, José") == name_words("José NUÑEZ peña")
    assert name_words("Núñez Peña, José") == frozenset({"jose", "nunez", "pena"})
    # Accents typed as separate marks (decomposed Unicode), as some address books write them.
    assert name_words("Nu\u0303n\u0303ez, Jose\u0301") == frozenset({"jose", "nunez"})


def test_phone_key_reads_every_way_of_writing_one_number():
    forms = ["+34 612 34 56 78", "0034 612345678", "612 345 678", "(+34) 612-34-56-78"]
    assert {phone_key(f) for f in forms} == {"+34612345678"}
    assert phone_key("ext. 12") == ""
    assert phone_key("(415) 555-0199", region="US") == "+14155550199"


def test_names_close_cases():
    words = name_words
    assert names_close(words("José Núñez Peña"), words("Núñez Peña, José")) is True
    assert names_close(words("José Núñez"), words("José Núñez Peña")) is True
    assert names_close(words("José Núñez Peña"), words("Jose Nunes Peña")) is True  # one slip
    assert names_close(words("Martínez López"), words("Martines Lopes")) is False  # two slips
    assert names_close(words("Ana Ruiz"), words("Ana Ruis")) is False  # short words: exact
    assert names_close(words("José"), words("José Núñez")) is False  # one word contained
    assert names_close(words("Carlos Gómez"), words("Carla Gómez")) is False  # o/a is a slip
    assert names_close(words("Roberto Sánchez"), words("Robetro Sánchez")) is True  # swap
    # A number is another number, not a slip: two offices, two rooms, two years.
    assert names_close(words("Oficina Central 12345"), words("Oficina Central 12346")) is False
    assert names_close(words("Promoción Ventas 2024"), words("Promoción Ventas 2025")) is False
    assert names_close(words("Sala Norte 12345"), words("Sala Norte 12345")) is True


def test_find_pairs_with_their_reasons():
    people = [
        Person(1, "María José Núñez", "Núñez Abogados", emails=["MJ@nunez.example"]),
        Person(2, "Mª José Núñez", "", emails=["mj@nunez.example "]),
        Person(3, "Luis Pérez", "Diseño Web", phones=["+34 612 34 56 78"]),
        Person(4, "Luis P.", "", phones=["0034612345678"]),
        Person(5, "Núñez Peña, José", "Acme"),
        Person(6, "José Núñez Peña", "ACME"),
        Person(7, "José Núñez Peña", "Otra Empresa"),
        Person(8, "Roberto Sánchez", "Acme"),
        Person(9, "Robetro Sanchez", "acme"),
        Person(10, "Ana Ruiz", ""),
        Person(11, "Ruiz, Ana", ""),
        Person(12, "Carmen", ""),
        Person(13, "Carmen", ""),
    ]
    assert duplicates_find(people) == [
        Pair(1, 2, EMAIL, "mj@nunez.example"),
        Pair(3, 4, PHONE, "+34612345678"),
        Pair(5, 6, NAME, ""),
        Pair(8, 9, NAME, ""),
        Pair(10, 11, NAME, ""),
    ]
    first = duplicates_find(people)[0]
    assert (first.a, first.b, first.reason, first.detail) == (1, 2, "email", "mj@nunez.example")


def test_strongest_reason_kept():
    people = [
        Person(1, "Ana Ruiz", "Acme", emails=["ana@acme.example"], phones=["+34 600 000 001"]),
        Person(2, "Ana Ruiz", "Acme", emails=["ana@acme.example"], phones=["+34600000001"]),
        Person(3, "Ana Ruiz", "Acme", phones=["+34600000001"]),
    ]
    assert [(p.a, p.b, p.reason, p.detail) for p in duplicates_find(people)] == [
        (1, 2, "email", "ana@acme.example"),
        (1, 3, "phone", "+34600000001"),
        (2, 3, "phone", "+34600000001"),
    ]


def test_dismissed_pairs_are_not_proposed_again():
    people = [
        Person(1, "Ana Ruiz", "", emails=["ana@x.example"]),
        Person(2, "Ana Ruiz", "", emails=["ana@x.example"]),
        Person(3, "Ana Ruiz", ""),
    ]
    found = duplicates_find(people, dismissed=[(2, 1)])
    assert [(p.a, p.b) for p in found] == [(1, 3), (2, 3)]


def test_an_address_shared_by_many_is_not_a_duplicate():
    many = [Person(i, f"Persona {i}", "", emails=["info@cowork.example"]) for i in range(1, 11)]
    assert len(many) > MAX_SHARED
    assert duplicates_find(many) == []
    few = many[:3]
    assert [(p.a, p.b) for p in duplicates_find(few)] == [(1, 2), (1, 3), (2, 3)]


def test_groups_join_linked_pairs():
    pairs = [Pair(1, 2, EMAIL, "x"), Pair(2, 5, PHONE, "y"), Pair(7, 9, NAME, "")]
    assert duplicate_groups(pairs) == [[1, 2, 5], [7, 9]]


FIRST = ["José", "María", "Ana", "Luis", "Carmen", "Javier", "Lucía", "Roberto", "Elena"]
LAST = ["Núñez", "García", "Pérez", "Sánchez", "Martínez", "Gómez", "Ruiz", "Fernández"]


def _random_people(n: int, seed: int) -> list[Person]:
    rng = random.Random(seed)
    people = []
    for i in range(1, n + 1):
        first, last, second = rng.choice(FIRST), rng.choice(LAST), rng.choice(LAST)
        name = rng.choice([f"{first} {last} {second}", f"{last} {second}, {first}"])
        if rng.random() < 0.1:  # a typing slip
            k = rng.randrange(len(name) - 1)
            name = name[:k] + name[k + 1] + name[k] + name[k + 2 :]
        org = rng.choice(["", "Acme", "Núñez Abogados", "Cowork Sur", "ACME"])
        emails = [f"p{rng.randrange(n)}@example.org"] if rng.random() < 0.5 else []
        phones = [f"+34 600 {rng.randrange(n):03d} 000"] if rng.random() < 0.3 else []
        people.append(Person(i, name, org, emails, phones))
    return people


def test_indexed_search_finds_what_comparing_everything_finds():
    people = _random_people(600, seed=6)
    found = duplicates_find(people)
    assert len(found) > 100  # the sample has many duplicates of every kind
    assert {p.reason for p in found} == {EMAIL, PHONE, NAME}
    assert [(p.a, p.b, p.reason, p.detail) for p in found] == [
        (p.a, p.b, p.reason, p.detail) for p in duplicates_naive(people)
    ]


def test_names_that_differ_only_in_a_number_are_not_proposed():
    people = [
        Person(1, "Oficina Central 12345", "Acme"),
        Person(2, "Oficina Central 12346", "Acme"),
        Person(3, "Oficina Central 12345", "Acme"),
        Person(4, "Oficina Centrla 12345", "Acme"),  # a slip in a word: still proposed
    ]
    expected = [Pair(1, 3, NAME, ""), Pair(1, 4, NAME, ""), Pair(3, 4, NAME, "")]
    assert duplicates_find(people) == expected
    assert duplicates_naive(people) == expected


def test_searching_in_parts_finds_what_one_search_finds():
    people = _random_people(600, seed=11)
    people += [
        Person(601, "Roberto Sánchez", "Acme", emails=["rs@acme.example"]),
        Person(602, "Robetro Sanchez", "ACME", phones=["+34 612 34 56 78"]),
        Person(603, "R. Sánchez", "", emails=["RS@acme.example"], phones=["0034612345678"]),
    ]
    whole = duplicates_find(people, dismissed=[(1, 2)])
    assert Pair(601, 603, EMAIL, "rs@acme.example") in whole
    assert Pair(602, 603, PHONE, "+34612345678") in whole
    for parts in (1, 2, 3, 7):
        assert duplicates_find_in_parts(people, parts=parts, dismissed=[(1, 2)]) == whole


def test_searching_in_parts_leaves_the_garbage_collector_as_it_was():
    import gc

    people = _random_people(50, seed=3)
    was_on = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            seen = []
            duplicates_find_in_parts((seen.append(gc.isenabled()) or p for p in people), parts=3)
            assert set(seen) == {False}  # paused while the people are read
            assert gc.isenabled() is state
    finally:
        (gc.enable if was_on else gc.disable)()
