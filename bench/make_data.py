"""A kabupaten-sized data set for benchmarks: 1,000 posyandu, 100,000 children under six, twelve months of
monthly weighings (about 1.2 million visits, every computed field filled by the same bulk path as a campaign
import) and the monthly report figures.

    from bench.make_data import make_dataset
    summary = make_dataset(posyandu=1000, children=100_000, months=12, seed=2026)

Needs a configured Django (DJANGO_SETTINGS_MODULE and `django.setup()`); writes with bulk inserts, so it
takes a few minutes on SQLite. Idempotent: a data set already built in the same kabupaten is kept."""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

TODAY = datetime.date(2026, 11, 25)
KABKOTA = "64.07"  # Kabupaten Kutai Barat: 16 kecamatan, about 190 kampung
CHUNK = 10_000


@dataclass
class Dataset:
    kabkota: str
    posyandu: int
    children: int
    visits: int
    seconds: float
    built: bool


def make_dataset(
    posyandu: int = 1000,
    children: int = 100_000,
    months: int = 12,
    seed: int = 2026,
    *,
    kabkota: str = KABKOTA,
    today: datetime.date = TODAY,
    stunted_share: float = 0.22,
) -> Dataset:
    import numpy as np
    from django.db import transaction

    from demo.visits_data import Child, save_visits, synthetic_visits
    from people.models import Person, name_key
    from posyandu.models import Posyandu
    from regions.actions import official_regions, sync_regions
    from regions.codes import within_q
    from regions.models import Level, Region
    from reports.actions import refresh_all_figures
    from reports.models import PrevalenceTarget
    from reports.targets import ensure_national_defaults
    from visits.models import Visit

    started = time.perf_counter()
    existing = Posyandu.objects.filter(within_q("desa_id", kabkota), code__startswith="K")
    if existing.exists():
        return Dataset(
            kabkota,
            existing.count(),
            Person.objects.filter(within_q("desa_id", kabkota)).count(),
            Visit.objects.filter(within_q("desa_id", kabkota)).count(),
            time.perf_counter() - started,
            built=False,
        )
    sync_regions(None, sorted(dict(official_regions(kabkota)).items()))
    ensure_national_defaults(PrevalenceTarget)
    desa = list(Region.objects.filter(within_q("code", kabkota), level=Level.DESA).order_by("code"))
    rng = np.random.default_rng(seed)
    with transaction.atomic():
        posts = [
            Posyandu(
                code=f"K{i:05d}",
                name=f"Posyandu {i + 1}",
                desa=desa[i % len(desa)],
                opening_day=int(rng.integers(1, 28)),
            )
            for i in range(posyandu)
        ]
        Posyandu.objects.bulk_create(posts, batch_size=2000)
        # 11 to 59 months old today: under five in each of the last twelve months.
        ages = rng.integers(335, 59 * 30, children)
        sexes = rng.integers(0, 2, children)
        kia = rng.random(children) < 0.9
        people = []
        for i in range(children):
            post = posts[i % posyandu]
            born = today - datetime.timedelta(days=int(ages[i]))
            people.append(
                Person(
                    nik=bench_nik(kabkota, i) if i % 2 == 0 else None,
                    name=bench_name(i),
                    name_key=name_key(bench_name(i)),
                    sex="LP"[sexes[i]],
                    birth_date=born,
                    posyandu_id=post.pk,
                    desa_id=post.desa_id,
                    has_kia_book=bool(kia[i]),
                )
            )
        Person.objects.bulk_create(people, batch_size=5000)
    sloppy = frozenset(p.pk for p in posts if rng.random() < 0.1)
    opening = {p.pk: p.opening_day or 10 for p in posts}
    visits = 0
    for start in range(0, children, CHUNK):
        chunk = [
            Child(p.pk, p.sex, p.birth_date, p.posyandu_id, p.desa_id, opening[p.posyandu_id])
            for p in people[start : start + CHUNK]
        ]
        made = synthetic_visits(
            chunk,
            today=today,
            rng=rng,
            months_back=months,
            stunted_share=stunted_share,
            attendance=0.97,
            sloppy_posyandu=sloppy,
        )
        with transaction.atomic():
            visits += save_visits(made, today=today)
    refresh_all_figures(today=today)
    return Dataset(kabkota, posyandu, children, visits, time.perf_counter() - started, built=True)


_SYLLABLES = [c + v for c in "bdgjklmnprstwy" for v in "aiueo"]  # 70 syllables: names are letters only


def bench_name(index: int) -> str:
    """A unique name made of syllables ("Anak Bajo Kuti"), since names are compared by their letters."""
    parts = []
    number = index
    for _ in range(3):
        number, syllable = divmod(number, len(_SYLLABLES))
        parts.append(_SYLLABLES[syllable])
    first = "".join(parts[:2]).capitalize()
    return f"Anak {first} {parts[2].capitalize()}{_SYLLABLES[number % len(_SYLLABLES)]}"


def bench_nik(kabkota: str, index: int) -> str:
    """A 16-digit NIK unique per child of the data set (area code of the kabupaten, then the index)."""
    area = kabkota.replace(".", "")
    return f"{area}99{index:010d}"[:16]
