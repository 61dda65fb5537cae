"""How fast is the matching engine at community scale?

    python benchmarks/matching.py [--people 100000] [--baseline-people 5000] [--seed 1]

Generates people with two needs and three offers each, in Spanish (70 %) and English, worded
as professionals type them in a networking app ("Busco contable que lleve autónomos",
"Looking for a bookkeeper for my small business"): a service, often with an opening
("Busco", "Ofrezco", "Happy to help with"), whom it is for, a place, sometimes a second
service, a negation ("no busco inversores") or a rare word (a tool or a brand), so that
texts and vocabulary have a long tail as in real data. Then it reports:

- build: ``MatchIndex.from_rows`` over all rows (analysis, signatures, postings), in one
  process and with the default workers (on a machine with several cores, large builds
  analyse texts in several processes);
- edit: ``set_person`` of one person with new texts (p50/p95/max), and the same followed by
  ``who_can_help`` of that person (the edit reflected in an answer);
- queries: ``matches_for_need``, ``who_can_help``, ``whom_can_i_help``, ``search_offers``
  (p50/p95) and one ``suggestions(limit=50)`` over everyone;
- peak memory: the process's peak resident set (``ru_maxrss``), before and after building;
- baseline: on ``--baseline-people`` people, every need scored against every offer with the
  same scoring (no inverted index, no shared signatures) for a sample of needs, extrapolated
  to all needs, against ``matches_for_need`` for all needs; the top 5 of both are compared.

No database: plain Python on the engine. Timings are wall-clock unless said otherwise; on a
shared machine, compare the CPU times too.
"""

import argparse
import gc
import math
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from vinculo.engines.matching import MatchIndex  # noqa: E402

# --- phrases ---------------------------------------------------------------------------
# (service as offered, service as needed): each line one service, Spanish then English.
SERVICES = {
    "es": [
        ("diseño web para pymes", "un diseñador para mi web"),
        ("diseño de páginas web en WordPress", "alguien que me haga una web sencilla"),
        ("desarrollo de aplicaciones móviles", "una app para celular"),
        ("desarrollo de software a medida", "un programador para un proyecto"),
        ("contabilidad para autónomos", "un contable que lleve autónomos"),
        ("gestoría: IVA, IRPF y nóminas", "una gestoría de confianza"),
        ("asesoría fiscal para sociedades", "asesoría fiscal para mi sociedad"),
        ("abogado laboralista: despidos y ERTE", "un abogado laboral"),
        ("derecho mercantil y pactos de socios", "un abogado mercantil"),
        ("registro de marcas y patentes", "registrar mi marca"),
        ("fotografía de producto", "un fotógrafo para un evento"),
        ("fotografía de eventos y retratos corporativos", "fotos del equipo para la web"),
        ("producción de vídeo corporativo", "un vídeo para presentar la empresa"),
        ("gestión de redes sociales", "alguien que me lleve las redes sociales"),
        ("community manager freelance", "un community manager"),
        ("posicionamiento SEO", "mejorar el SEO de mi web"),
        ("SEO local para negocios de barrio", "salir en Google Maps"),
        ("campañas de Google Ads", "publicidad en Google"),
        ("marketing digital para clínicas", "una agencia de marketing digital"),
        ("planes de marketing", "un plan de marketing"),
        ("redacción de contenidos y copywriting", "un copywriter para la web"),
        ("traducción jurada inglés-español", "un traductor jurado"),
        ("traducción y localización de webs", "traducir mi web al inglés"),
        ("clases de inglés de negocios", "clases de inglés para el equipo"),
        ("clases de español para extranjeros", "un profesor de español"),
        ("formación en Excel para empresas", "formación en Excel para mi equipo"),
        ("formación en hablar en público", "mejorar mis presentaciones en público"),
        ("coaching ejecutivo", "un coach para mi equipo directivo"),
        ("mentoría para emprendedores", "un mentor con experiencia en ventas"),
        ("business angel: invierto en startups", "inversores para una ronda semilla"),
        ("presentaciones a inversores", "financiación para crecer"),
        ("gestión de subvenciones", "ayuda para pedir subvenciones"),
        ("preparación de licitaciones públicas", "presentarme a licitaciones"),
        ("selección de personal técnico", "contratar desarrolladores"),
        ("consultoría de recursos humanos", "ayuda con recursos humanos"),
        ("soporte informático para oficinas", "alguien que me arregle el ordenador"),
        ("reparación de ordenadores y portátiles", "reparar mi portátil"),
        ("auditorías de ciberseguridad", "una auditoría de ciberseguridad"),
        ("análisis de datos y Power BI", "un analista de datos"),
        ("chatbots con inteligencia artificial", "un chatbot para atención al cliente"),
        ("tiendas online con Shopify", "montar una tienda online"),
        ("logística de última milla", "un operador logístico"),
        ("red de distribución en Andalucía", "distribuidores en el norte de España"),
        ("asesoría en exportación", "exportar a Estados Unidos"),
        ("alquiler de locales comerciales", "un local comercial en el centro"),
        ("asesoramiento inmobiliario para empresas", "una oficina en alquiler"),
        ("puestos en un coworking", "un puesto en un coworking"),
        ("diseño de interiores para oficinas", "un interiorista para la oficina"),
        ("reformas integrales de locales", "reformar el local"),
        ("estudio de arquitectura", "un arquitecto para una nave"),
        ("instalación de placas solares", "placas solares para la nave"),
        ("consultoría de sostenibilidad", "calcular la huella de carbono"),
        ("seguros para empresas y autónomos", "un seguro de responsabilidad civil"),
        ("organización de eventos corporativos", "organizar un congreso"),
        ("catering para eventos de empresa", "catering para una inauguración"),
        ("comunicación y relaciones con medios", "una agencia de comunicación"),
        ("diseño gráfico e identidad corporativa", "un logotipo nuevo"),
        ("diseño de packaging", "un diseñador para el packaging"),
        ("envases y embalajes compostables", "un proveedor de embalaje sostenible"),
        ("importación desde Asia", "un proveedor en China"),
        ("contactos en el sector turístico", "clientes en el sector turismo"),
        ("contactos con directores de compras", "presentaciones a directores de compras"),
        ("me sumo como socio técnico", "un socio técnico"),
        ("protección de datos y RGPD", "adaptar la web al RGPD"),
    ],
    "en": [
        ("web design for small businesses", "a web designer"),
        ("WordPress websites", "someone to build our website"),
        ("mobile app development", "a mobile app developer"),
        ("custom software development", "a developer for a project"),
        ("bookkeeping for freelancers", "a bookkeeper for my small business"),
        ("tax returns for expats", "an accountant who knows Spanish tax"),
        ("employment lawyer", "an employment lawyer"),
        ("corporate law and shareholder agreements", "a startup lawyer"),
        ("trademark registration", "register our trademark"),
        ("product photography", "a product photographer"),
        ("event photography and headshots", "an event photographer"),
        ("video production and editing", "a videographer"),
        ("social media management", "help with social media"),
        ("SEO and content strategy", "better SEO"),
        ("local SEO and Google Business Profile", "local SEO"),
        ("Google Ads campaigns", "paid ads"),
        ("digital marketing agency", "a digital marketing agency"),
        ("copywriting for websites", "a copywriter"),
        ("Spanish-English translation", "a translator"),
        ("business English coaching", "an English teacher for the team"),
        ("public speaking training", "public speaking coaching"),
        ("executive coaching", "a leadership coach"),
        ("mentoring first-time founders", "a mentor"),
        ("I invest in seed rounds", "seed investors"),
        ("intros to angel investors", "funding to grow"),
        ("grant writing", "help with grant applications"),
        ("tech recruitment", "hiring engineers"),
        ("HR consulting", "an HR consultant"),
        ("IT support for small offices", "someone to fix my laptop"),
        ("cybersecurity audits", "a penetration test"),
        ("data analysis and dashboards", "a data analyst"),
        ("AI chatbots and automation", "an AI consultant"),
        ("Shopify online stores", "an online store"),
        ("last mile logistics", "a logistics partner"),
        ("distribution network in the UK", "distributors in Spain"),
        ("export consultancy for the US market", "help exporting to the US"),
        ("commercial premises to rent", "a shop to rent"),
        ("coworking desks", "a coworking desk"),
        ("interior design for offices", "an interior designer"),
        ("office refurbishment", "an office refurbishment"),
        ("architect for commercial buildings", "an architect"),
        ("solar panel installation", "solar panels for the warehouse"),
        ("sustainability consulting", "carbon footprint advice"),
        ("business insurance broker", "business insurance"),
        ("event planning", "an event planner"),
        ("catering for corporate events", "catering for a launch"),
        ("PR and media relations", "a PR agency"),
        ("brand identity and logo design", "a new logo"),
        ("packaging design", "a packaging designer"),
        ("eco-friendly packaging supplier", "sustainable packaging suppliers"),
        ("contacts in the fintech scene", "introductions to fintech founders"),
        ("technical co-founder for the right project", "a technical co-founder"),
        ("GDPR compliance", "GDPR advice"),
        ("pitch deck reviews", "feedback on our pitch deck"),
    ],
}
OPENINGS = {
    "es": {
        "offer": ["", "", "", "Ofrezco ", "Puedo ayudar con ", "Me dedico a ", "Hacemos "],
        "need": ["", "", "Busco ", "Necesito ", "Buscamos ", "Me vendría bien ", "Quiero "],
    },
    "en": {
        "offer": ["", "", "", "Offering ", "Happy to help with ", "I do ", "We provide "],
        "need": ["", "", "Looking for ", "Need ", "Seeking ", "We need ", "I'd love "],
    },
}
QUALIFIERS = {
    "es": [
        "",
        "",
        "",
        "",
        " para pymes",
        " para startups",
        " para hostelería",
        " en Madrid",
        " en Barcelona",
        " en Valencia",
        " en Sevilla",
        " en remoto",
        " para el sector salud",
        " para ONG",
        " con experiencia",
        " urgente",
        " para autónomos",
        " en Latinoamérica",
        " para comercio local",
        " para despachos profesionales",
    ],
    "en": [
        "",
        "",
        "",
        "",
        " for small businesses",
        " for startups",
        " in London",
        " in Manchester",
        " remotely",
        " for healthcare",
        " for charities",
        " asap",
        " in Latin America",
        " for law firms",
        " for restaurants",
    ],
}
NEGATIONS = {
    "es": ["No busco inversores, busco {x}", "Ya tengo gestor; necesito {x}"],
    "en": ["Not looking for investors; I need {x}", "Already have an accountant, need {x}"],
}
SYLLABLES = ["ka", "lo", "mi", "ne", "ta", "ri", "zo", "ve", "lu", "pa", "dri", "xen", "tor"]


class Phrases:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)
        # a long tail of rare words: tools, brands, product names
        self.rare = [
            "".join(self.r.choice(SYLLABLES) for _ in range(self.r.randint(2, 4))).capitalize()
            for _ in range(20000)
        ]

    def text(self, kind: str, lang: str) -> str:
        r = self.r
        pair = r.choice(SERVICES[lang])
        core = pair[0] if kind == "offer" else pair[1]
        if r.random() < 0.15:
            other = r.choice(SERVICES[lang])
            core += (" y " if lang == "es" else " and ") + (
                other[0] if kind == "offer" else other[1]
            )
        text = r.choice(OPENINGS[lang][kind]) + core + r.choice(QUALIFIERS[lang])
        if r.random() < 0.2:
            text += (" (" if r.random() < 0.5 else " con " if lang == "es" else " with ") + (
                r.choice(self.rare)
            )
            if text.count("(") > text.count(")"):
                text += ")"
        if kind == "need" and r.random() < 0.03:
            text = r.choice(NEGATIONS[lang]).format(x=core)
        return text[0].upper() + text[1:]

    def person_rows(self, pid: int):
        lang = "es" if self.r.random() < 0.7 else "en"
        needs = [(f"n{pid}-{i}", self.text("need", lang), lang) for i in range(2)]
        offers = [(f"o{pid}-{i}", self.text("offer", lang), lang) for i in range(3)]
        return lang, needs, offers


def generate(people: int, seed: int):
    phrases = Phrases(seed)
    needs, offers = [], []
    for pid in range(people):
        _lang, ns, os_ = phrases.person_rows(pid)
        needs.extend((pid, i, t, lang) for i, t, lang in ns)
        offers.extend((pid, i, t, lang) for i, t, lang in os_)
    return phrases, needs, offers


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, math.ceil(p / 100 * len(values)) - 1)]


def ms(values: list[float]) -> str:
    return (
        f"p50 {statistics.median(values) * 1000:.2f} ms, p95 {pct(values, 95) * 1000:.2f} ms, "
        f"max {max(values) * 1000:.2f} ms"
    )


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - started, result


def brute_force_top(index: MatchIndex, need_id, k: int = 5) -> list:
    """Every offer scored against this need with the index's own scoring, no postings."""
    needs, offers = index.needs, index.offers
    slot = needs.slot_of[need_id]
    person = needs.person[slot]
    weights, qnorm, needles = index._need_query(needs.sig[slot])
    needles = set(needles)
    floor = index.min_score
    scored = []
    for oslot, osig in enumerate(offers.sig):
        if offers.item[oslot] is None or offers.person[oslot] == person:
            continue
        lookup = offers.sig_lookup[osig]
        if not any(lookup.get(t, 0) > 0 for t in needles):
            continue  # the same rule: a topic of the need, not too common
        norm = index._length(offers.sig_terms[osig], offers.sig_factors[osig])
        score = index._dot(weights, lookup) / (qnorm * norm) if qnorm and norm else 0.0
        if score >= floor:
            scored.append((score, oslot))
    scored.sort(key=lambda x: (-round(x[0], 9), offers.person[x[1]], offers.item[x[1]]))
    return [offers.item[s] for _score, s in scored[:k]]


def baseline(people: int, seed: int, sample: int) -> None:
    _phrases, needs, offers = generate(people, seed)
    index = MatchIndex.from_rows(needs, offers)
    need_ids = [n[1] for n in needs]
    started = time.perf_counter()
    indexed = {nid: [m.offer_id for m in index.matches_for_need(nid, limit=5)] for nid in need_ids}
    index_time = time.perf_counter() - started
    r = random.Random(seed)
    chosen = r.sample(need_ids, min(sample, len(need_ids)))
    started = time.perf_counter()
    brute = {nid: brute_force_top(index, nid) for nid in chosen}
    brute_time = (time.perf_counter() - started) / len(chosen) * len(need_ids)
    same = sum(1 for nid in chosen if brute[nid] == indexed[nid])
    print(
        f"baseline, {people:,} people ({len(needs):,} needs x {len(offers):,} offers): "
        f"top 5 of every need through the index {index_time:.2f} s; brute force all pairs "
        f"{brute_time:.1f} s (from {len(chosen):,} needs); ratio {brute_time / index_time:.0f}x; "
        f"same top 5 for {same}/{len(chosen)} sampled needs"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--baseline-people", type=int, default=5_000)
    parser.add_argument("--baseline-sample", type=int, default=1_000)
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workers", type=int, default=None, help="processes for the build (default: auto)"
    )
    args = parser.parse_args(argv)

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    cpus = os.cpu_count()
    print(f"python {sys.version.split()[0]}; load average {load} on {cpus} CPUs")
    before = peak_mb()
    phrases, needs, offers = generate(args.people, args.seed)
    generated = peak_mb()
    distinct = len({t for _p, _i, t, _l in needs} | {t for _p, _i, t, _l in offers})
    print(
        f"generated {args.people:,} people: {len(needs):,} needs, {len(offers):,} offers, "
        f"{distinct:,} distinct texts (peak RSS {generated:.0f} MB, {before:.0f} MB at start)"
    )
    gc.collect()
    if args.workers != 1:
        cpu = time.process_time()
        build_time, index = timed(MatchIndex.from_rows, needs, offers, workers=1)
        cpu = time.process_time() - cpu
        print(f"build in one process: {build_time:.1f} s ({cpu:.1f} s of CPU)")
        del index
        gc.collect()
    cpu = time.process_time()
    build_time, index = timed(MatchIndex.from_rows, needs, offers, workers=args.workers)
    cpu = time.process_time() - cpu
    built = peak_mb()
    workers = args.workers or f"auto: {min(4, os.cpu_count() or 1)}"
    print(
        f"build ({workers} processes): {build_time:.1f} s ({cpu:.1f} s of CPU in the main one); "
        f"{len(index.needs.sig_of):,} need and "
        f"{len(index.offers.sig_of):,} offer signatures, {len(index._term_key):,} terms; "
        f"peak RSS {built:.0f} MB ({built - generated:.0f} MB over the generated rows)"
    )

    r = random.Random(args.seed + 1)
    people = r.sample(range(args.people), args.edits)
    edit_times, reflected = [], []
    for n, pid in enumerate(people):
        _lang, ns, os_ = phrases.person_rows(pid)
        ns = [(f"e{n}-{i}", t, lang) for i, t, lang in ns]
        os_ = [(f"f{n}-{i}", t, lang) for i, t, lang in os_]
        started = time.perf_counter()
        index.set_person(pid, needs=ns, offers=os_)
        middle = time.perf_counter()
        index.who_can_help(pid, limit=10)
        done = time.perf_counter()
        edit_times.append(middle - started)
        reflected.append(done - started)
    print(f"edit (set_person: 2 needs, 3 offers): {ms(edit_times)}")
    print(f"edit + who_can_help of that person:   {ms(reflected)}")

    sample_needs = r.sample([n[1] for n in needs], 300)
    live_needs = [n for n in sample_needs if n in index.needs.slot_of]
    lat = [timed(index.matches_for_need, n, limit=10)[0] for n in live_needs]
    print(f"matches_for_need(limit=10): {ms(lat)}")
    lat = [timed(index.who_can_help, p, limit=10)[0] for p in people[:200]]
    print(f"who_can_help(limit=10):     {ms(lat)}")
    lat = [timed(index.whom_can_i_help, p, limit=10)[0] for p in people[:200]]
    print(f"whom_can_i_help(limit=10):  {ms(lat)}")
    queries = [phrases.text("need", "es" if i % 3 else "en") for i in range(200)]
    lat = [timed(index.search_offers, q, limit=10)[0] for q in queries]
    print(f"search_offers(limit=10):    {ms(lat)}")
    cpu = time.process_time()
    t, found = timed(index.suggestions, limit=50)
    cpu = time.process_time() - cpu
    print(
        f"suggestions(limit=50) over everyone: {t:.1f} s ({cpu:.1f} s of CPU, {len(found)} found)"
    )
    print(f"peak RSS at the end: {peak_mb():.0f} MB")
    del index, needs, offers
    gc.collect()
    if args.baseline_people:
        baseline(args.baseline_people, args.seed, args.baseline_sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
