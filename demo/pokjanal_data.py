"""Demo work of the Tim Pembina Posyandu of one kabupaten/kota: the kabupaten/kota body with its OPD members
and sector role map, a body per kecamatan, a Pokja in the first desa of each kecamatan, rakor of last year
and this year (held, with decisions and actions; one planned), actions in every status (some overdue, aksi
nyata of the kecamatan), problems found from the data and at supervision visits, posyandu needs, yearly
funding, and strata assessments (last year approved in the first kecamatan, this year in progress there and
a draft with the Pokja's inputs everywhere else).
Bulk inserts; deterministic for a seed, a kabupaten/kota and a date."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone

from demo import names
from pokjanal import checklist
from pokjanal.indicators import Period, facts_for
from pokjanal.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AssessmentStatus,
    Body,
    Decision,
    Funding,
    Member,
    Need,
    NeedStatus,
    Problem,
    ProblemStatus,
    Rakor,
    RakorStatus,
    SectorRole,
    StrataAssessment,
    SupervisionVisit,
)
from pokjanal.strata import inputs_for, to_json
from posyandu.models import Posyandu
from regions.codes import at_level, code_is_within
from regions.models import Level, Region
from reports.rulesets import problem_thresholds, strata_thresholds
from reports.targets import Targets
from rules import problems as problem_rules
from rules import strata as strata_rules

# (sector, institution, role) of the kabupaten/kota body (seed articles: Dinsos-PM Bontang, Dinkes Kubar,
# DPMDes Kotim, DPMD Buleleng).
KAB_MEMBERS = [
    ("pkk", "TP PKK {kab}", "ketua"),
    ("pemerintahan", "Sekretariat Daerah {kab}", "wakil"),
    ("pmd", "Dinas Pemberdayaan Masyarakat dan Desa", "sekretaris"),
    ("kesehatan", "Dinas Kesehatan", "koordinator"),
    ("bappeda", "Bappelitbangda", "anggota"),
    ("pendidikan", "Dinas Pendidikan dan Kebudayaan", "anggota"),
    ("sosial", "Dinas Sosial", "anggota"),
    ("kb_pppa", "Dinas PPKB dan PPPA", "koordinator"),
    ("pangan", "Dinas Ketahanan Pangan", "anggota"),
    ("kominfo", "Dinas Komunikasi dan Informatika", "anggota"),
    ("agama", "Kantor Kementerian Agama", "anggota"),
]
KEC_MEMBERS = [
    ("pemerintahan", "Kantor Camat {kec}", "ketua"),
    ("pkk", "TP PKK Kecamatan {kec}", "wakil"),
    ("kesehatan", "Puskesmas {kec}", "sekretaris"),
    ("kb_pppa", "PLKB Kecamatan {kec}", "anggota"),
    ("pendidikan", "Koordinator PAUD Kecamatan {kec}", "anggota"),
]
DESA_MEMBERS = [
    ("pkk", "TP PKK {desa}", "ketua"),
    ("pemerintahan", "Pemerintah {desa}", "sekretaris"),
    ("kesehatan", "Bidan desa", "anggota"),
]
SECTOR_ROLES = [
    (
        "pmd",
        "kelembagaan",
        "",
        True,
        "SK pengurus posyandu, Perbup dan Perdes LKD, registrasi posyandu 6 SPM",
    ),
    ("pemerintahan", "kelembagaan", "", False, "Penganggaran APBDes untuk posyandu"),
    ("kesehatan", "manusia", "", True, "Pelatihan 25 keterampilan dasar kader, pendampingan bidan"),
    ("pkk", "manusia", "gizi", False, "Penyuluhan gizi dan PMT oleh kader PKK"),
    ("kb_pppa", "manusia", "kb", True, "Penyuluhan KB dan BKB"),
    ("kesehatan", "lingkungan", "", False, "Pemantauan sanitasi dan air bersih"),
    ("pkk", "lingkungan", "", True, "Penggerakan sasaran melalui dasa wisma dan RT"),
    ("pendidikan", "lingkungan", "paud", False, "Integrasi PAUD di posyandu"),
    ("pangan", "usaha", "", False, "Pekarangan pangan lestari"),
    ("swasta", "usaha", "", True, "Dukungan CSR untuk alat dan sarana posyandu"),
    ("sosial", "usaha", "ekonomi", False, "UP2K dan bantuan usaha ekonomi keluarga"),
]
SPONSORS = {
    "64.74": ["PT Pupuk Kalimantan Timur", "PT Badak NGL", "Bankaltimtara"],
    "64.07": ["PT Trubaindo Coal Mining", "PT Gunung Bayan Pratama", "Bankaltimtara"],
    "62.02": ["PT Makin Group", "PT Wilmar", "Bank Kalteng"],
    "51.08": ["BPD Bali", "PT Pelindo", "Yayasan Puri Kauhan"],
}
DECISIONS = [
    ("kelembagaan", "Dorong desa/kelurahan menerbitkan SK pengurus posyandu sebagai LKD"),
    ("manusia", "Pelatihan kader di lima kelompok kompetensi bersama Puskesmas"),
    ("lingkungan", "Penggerakan sasaran ke posyandu oleh RT dan tokoh masyarakat"),
    ("usaha", "Himpun dukungan CSR untuk timbangan dan alat ukur"),
    ("kelembagaan", "Rakor Pokjanal dan Pokja posyandu secara rutin 2–3 kali setahun"),
    ("manusia", "Penghargaan Kader Lestari bagi kader dengan masa bakti 10 tahun atau lebih"),
]
REAL_ACTIONS = [
    ("manusia", "Pelatihan antropometri bagi kader posyandu"),
    ("lingkungan", "Sosialisasi posyandu di pertemuan RT dan majelis taklim"),
    ("kelembagaan", "Pendataan sasaran siklus hidup bersama dasa wisma"),
    ("usaha", "Penyerahan timbangan digital dari CSR"),
]
NEEDS = [
    ("alat", "Timbangan bayi digital", 1_500_000),
    ("alat", "Alat ukur panjang badan (length board)", 1_200_000),
    ("alat", "Pita LiLA dan stadiometer", 450_000),
    ("pelatihan", "Pelatihan keterampilan dasar kader", 3_000_000),
    ("anggaran", "Dana operasional hari buka", 2_400_000),
    ("sarana", "Tenda dan meja pelayanan", 4_000_000),
    ("sarana", "Perbaikan atap balai posyandu", 7_500_000),
]


@dataclass
class PokjanalSummary:
    bodies: int = 0
    rakor: int = 0
    actions: int = 0
    problems: int = 0
    needs: int = 0
    assessments: int = 0


def _person(rng: random.Random, female: bool) -> str:
    given = rng.choice(names.FEMALE_GIVEN if female else names.MALE_GIVEN)
    return f"{given} {rng.choice(names.FAMILY)}"


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 0))


def build_pokjanal(
    seed: int, kabkota: str, posyandu: list[Posyandu], today: datetime.date
) -> PokjanalSummary:
    rng = random.Random(f"{seed}-pokjanal-{kabkota}")
    summary = PokjanalSummary()
    kab = Region.objects.get(code=kabkota)
    if Body.objects.filter(region=kab).exists():
        return summary  # already seeded
    kecamatan = list(Region.objects.filter(parent=kab).order_by("code"))
    short = kab.name.removeprefix("Kabupaten ").removeprefix("Kota ")
    term_start = datetime.date(2025, rng.randint(1, 6), rng.randint(1, 28))
    body_kab, bodies_kec, bodies_desa = _bodies(rng, kab, kecamatan, short, term_start)
    summary.bodies = 1 + len(bodies_kec) + len(bodies_desa)
    members = _members(rng, kab, body_kab, bodies_kec, bodies_desa)
    by_sector = {m.sector: m for m in members if m.body_id == body_kab.pk}
    problems = _data_problems(rng, posyandu, today) + _supervision_problems(rng, posyandu, bodies_kec, today)
    Problem.objects.bulk_create(problems, batch_size=2000)
    summary.problems = len(problems)
    rakor = _rakor(rng, kab, kabkota, body_kab, bodies_kec, today)
    summary.rakor = len(rakor)
    held = rakor[2]
    held.attendees.set([m for m in members if m.body_id == body_kab.pk][: rng.randint(7, 11)])
    decisions = [Decision(rakor=held, category=c, text=t) for c, t in DECISIONS]
    Decision.objects.bulk_create(decisions)
    actions = _actions(
        rng, _Tims(kab, kabkota, body_kab, bodies_kec), by_sector, held, decisions, problems, posyandu, today
    )
    summary.actions = len(actions)
    needs = _needs(rng, posyandu, kabkota, today)
    summary.needs = len(needs)
    last_year = today.year - 1
    _funding(rng, posyandu, (last_year, today.year))
    assessments = _strata(rng, posyandu, kecamatan, last_year, today)
    summary.assessments = len(assessments)
    return summary


def _bodies(
    rng: random.Random, kab: Region, kecamatan: list[Region], short: str, term_start: datetime.date
) -> tuple[Body, list[Body], list[Body]]:
    """The Tim Pembina of the kabupaten/kota and of every kecamatan, and one Pokja desa per kecamatan."""
    body_kab = Body(
        region=kab,
        name=f"Tim Pembina Posyandu {kab.name}",
        sk_number=f"188.45/{rng.randint(100, 999)}/{short[:3].upper()}/{term_start.year}",
        sk_date=term_start,
        sk_signed_by=f"{'Wali Kota' if kab.kind == 'kota' else 'Bupati'} {short}",
        term_start=term_start,
        term_end=datetime.date(term_start.year + 5, term_start.month, term_start.day)
        - datetime.timedelta(days=1),
        rakor_target_per_year=2,
    )
    bodies_kec = [
        Body(
            region=k,
            name=f"Tim Pembina Posyandu Kec. {k.name}",
            sk_number=f"400.5/{rng.randint(10, 99)}/{k.name[:3].upper()}/{term_start.year}",
            sk_date=term_start + datetime.timedelta(days=rng.randint(14, 60)),
            sk_signed_by=f"Camat {k.name}",
            term_start=term_start,
            rakor_target_per_year=2,
        )
        for k in kecamatan
    ]
    first_desa = {
        d.parent_id: d
        for d in Region.objects.filter(parent__in=kecamatan, level=Level.DESA).order_by("-code")
    }
    bodies_desa = [
        Body(
            region=d,
            name=f"Pokja Posyandu {d.display_name}",
            sk_number=f"{rng.randint(1, 40)}/{term_start.year}",
            rakor_target_per_year=4,
        )
        for d in sorted(first_desa.values(), key=lambda r: r.code)
    ]
    Body.objects.bulk_create([body_kab, *bodies_kec, *bodies_desa])
    return body_kab, bodies_kec, bodies_desa


def _members(
    rng: random.Random, kab: Region, body_kab: Body, bodies_kec: list[Body], bodies_desa: list[Body]
) -> list[Member]:
    """The members of every body, and the roles of the kabupaten/kota's sectors."""
    members: list[Member] = []
    for sector, institution, role in KAB_MEMBERS:
        members.append(
            Member(
                body=body_kab,
                name=_person(rng, rng.random() < 0.5),
                institution=institution.format(kab=kab.name),
                sector=sector,
                role=role,
            )
        )
    for body in bodies_kec:
        for sector, institution, role in KEC_MEMBERS:
            members.append(
                Member(
                    body=body,
                    name=_person(rng, rng.random() < 0.6),
                    institution=institution.format(kec=body.region.name),
                    sector=sector,
                    role=role,
                )
            )
    for body in bodies_desa:
        for sector, institution, role in DESA_MEMBERS:
            members.append(
                Member(
                    body=body,
                    name=_person(rng, True),
                    institution=institution.format(desa=body.region.display_name),
                    sector=sector,
                    role=role,
                )
            )
    Member.objects.bulk_create(members)
    SectorRole.objects.bulk_create(
        [
            SectorRole(body=body_kab, sector=s, category=c, programme=p, is_lead=lead, responsibility=r)
            for s, c, p, lead, r in SECTOR_ROLES
        ]
    )
    return members


def _data_problems(rng: random.Random, posyandu: list[Posyandu], today: datetime.date) -> list[Problem]:
    """Problems found from the data (last 12 months), as the detector would open them."""
    ids = [p.pk for p in posyandu]
    facts = facts_for(ids, Period.last_12_months(today))
    targets, desa = Targets("stunting"), {p.pk: p.desa_id for p in posyandu}
    return [
        Problem(
            posyandu_id=pid,
            kind=f.kind,
            source="data",
            category=f.category,
            severity=f.severity,
            evidence=f.evidence,
            rule_version=problem_thresholds().version,
            found_on=today - datetime.timedelta(days=rng.randint(0, 60)),
        )
        for pid in ids
        for f in problem_rules.detect(
            facts[pid], stunting_target_pct=targets.percent(desa[pid], today.year), t=problem_thresholds()
        )
    ]


def _supervision_problems(
    rng: random.Random, posyandu: list[Posyandu], bodies_kec: list[Body], today: datetime.date
) -> list[Problem]:
    """Supervision visits in the first posyandu of each kecamatan, their "tidak" answers as problems."""
    by_kec: dict[str, Posyandu] = {}
    for p in posyandu:
        by_kec.setdefault(at_level(p.desa_id, 3), p)
    problems: list[Problem] = []
    visits = []
    for body in bodies_kec:
        post = by_kec.get(body.region_id)
        if post is None:
            continue
        answers = {item.code: "tidak" if rng.random() < 0.25 else "ya" for item in checklist.ITEMS}
        visits.append(
            SupervisionVisit(
                posyandu=post,
                body=body,
                date=today - datetime.timedelta(days=rng.randint(10, 90)),
                visitors=f"{_person(rng, True)}, {_person(rng, False)}",
                answers=answers,
                notes="Kunjungan pembinaan rutin triwulan",
            )
        )
    SupervisionVisit.objects.bulk_create(visits)
    for visit in visits:
        for code, answer in visit.answers.items():
            if answer == "tidak":
                item = checklist.BY_CODE[code]
                problems.append(
                    Problem(
                        posyandu=visit.posyandu,
                        kind="lainnya",
                        source="kunjungan",
                        category=item.category,
                        severity=item.severity,
                        description=f"Tidak terpenuhi: {item.question}",
                        evidence={"checklist": code, "answer": answer},
                        visit=visit,
                        found_on=visit.date,
                    )
                )
    return problems


def _rakor(
    rng: random.Random,
    kab: Region,
    kabkota: str,
    body_kab: Body,
    bodies_kec: list[Body],
    today: datetime.date,
) -> list[Rakor]:
    """Rakor: two held last year, one held this year with decisions, one planned; one per kecamatan."""
    last_year = today.year - 1
    rakor = [
        Rakor(
            body=body_kab,
            title=f"Rakor Pokjanal Posyandu {kab.name} {last_year}",
            place="Aula Bappelitbangda",
            starts_at=_at(datetime.date(last_year, 5, 24)),
            status=RakorStatus.HELD,
            held_on=datetime.date(last_year, 5, 24),
            minutes="Pembahasan strata posyandu dan rencana aksi.",
            agenda={},
        ),
        Rakor(
            body=body_kab,
            title=f"Rakor Pokjanal Posyandu {kab.name} {last_year} II",
            place="Aula Setda",
            starts_at=_at(datetime.date(last_year, 11, 30)),
            status=RakorStatus.HELD,
            held_on=datetime.date(last_year, 11, 30),
            minutes="Evaluasi aksi nyata kecamatan.",
            agenda={},
        ),
        Rakor(
            body=body_kab,
            title=f"Rakor Pokjanal Posyandu {kab.name} {today.year}",
            theme="Penguatan Peran Pokjanal dan Pokja Posyandu Menuju Integrasi Layanan Primer",
            place="Auditorium Taman 3 Dimensi" if kabkota == "64.74" else "Aula Kantor Bupati",
            starts_at=_at(today - datetime.timedelta(days=45)),
            status=RakorStatus.HELD,
            held_on=today - datetime.timedelta(days=45),
            minutes="Ketua Pokjanal kecamatan melaporkan aksi nyata; disepakati rencana aksi bersama.",
            guests="Para camat\nKepala Puskesmas",
            invitation_number=f"005/{rng.randint(100, 999)}/DPMD",
            agenda={},
        ),
        Rakor(
            body=body_kab,
            title=f"Rakor Pokjanal Posyandu {kab.name} {today.year} II",
            place="Aula Setda",
            starts_at=_at(today + datetime.timedelta(days=12)),
            extra_agenda="Persiapan Operasi Timbang Serentak",
        ),
    ]
    for body in bodies_kec:
        rakor.append(
            Rakor(
                body=body,
                title=f"Rakor Tim Pembina Kec. {body.region.name}",
                place="Aula Kantor Camat",
                starts_at=_at(today - datetime.timedelta(days=rng.randint(20, 120))),
                status=RakorStatus.HELD,
                held_on=today - datetime.timedelta(days=rng.randint(20, 120)),
                minutes="Laporan Pokja kelurahan/desa.",
                agenda={},
            )
        )
    Rakor.objects.bulk_create(rakor)
    return rakor


@dataclass(frozen=True)
class _Tims:
    kab: Region
    kabkota: str
    body_kab: Body
    bodies_kec: list[Body]


def _actions(
    rng: random.Random,
    tims: _Tims,
    by_sector: dict[str, Member],
    held: Rakor,
    decisions: list[Decision],
    problems: list[Problem],
    posyandu: list[Posyandu],
    today: datetime.date,
) -> list[Action]:
    """Actions in every status: from the decisions, from problems, aksi nyata of the kecamatan."""
    kab, kabkota, body_kab, bodies_kec = tims.kab, tims.kabkota, tims.body_kab, tims.bodies_kec
    statuses = [
        ActionStatus.PLANNED,
        ActionStatus.RUNNING,
        ActionStatus.DONE,
        ActionStatus.CANCELLED,
        ActionStatus.RUNNING,
        ActionStatus.PLANNED,
    ]
    actions: list[Action] = []
    for i, decision in enumerate(decisions):
        status = statuses[i]
        due = today + datetime.timedelta(days=rng.randint(-40, 120))
        owner = by_sector.get(
            {"kelembagaan": "pmd", "manusia": "kesehatan", "lingkungan": "pkk", "usaha": "pmd"}[
                decision.category
            ]
        )
        actions.append(
            Action(
                body=body_kab,
                region=kab,
                origin="rakor",
                decision=decision,
                description=decision.text,
                category=decision.category,
                owner_member=owner,
                owner_partner=rng.choice(SPONSORS[kabkota]) if decision.category == "usaha" else "",
                due_date=due,
                status=status,
                created_on=held.held_on or today,
                done_on=min(due, today) if status == ActionStatus.DONE else None,
            )
        )
    for problem in problems[: min(len(problems), 8)]:
        post = next(p for p in posyandu if p.pk == problem.posyandu_id)
        kec_body = next((b for b in bodies_kec if code_is_within(post.desa_id, b.region_id)), body_kab)
        actions.append(
            Action(
                body=kec_body,
                region_id=post.desa_id,
                posyandu=post,
                origin="masalah",
                problem=problem,
                description=f"Tindak lanjut: {problem.get_kind_display()}",
                category=problem.category,
                owner_sector={
                    "kelembagaan": "pemerintahan",
                    "manusia": "kesehatan",
                    "lingkungan": "pkk",
                    "usaha": "swasta",
                }[problem.category],
                due_date=today + datetime.timedelta(days=rng.randint(-30, 60)),
                status=rng.choice([ActionStatus.PLANNED, ActionStatus.RUNNING]),
                created_on=problem.found_on,
            )
        )
    for body in bodies_kec:
        category, text = rng.choice(REAL_ACTIONS)
        done = today - datetime.timedelta(days=rng.randint(5, 150))
        actions.append(
            Action(
                body=body,
                region=body.region,
                origin="aksi_nyata",
                description=text,
                category=category,
                owner_sector="pemerintahan",
                due_date=done,
                status=ActionStatus.DONE,
                done_on=done,
                created_on=done,
            )
        )
    Action.objects.bulk_create(actions)
    Problem.objects.filter(pk__in=[a.problem_id for a in actions if a.problem_id]).update(
        status=ProblemStatus.HANDLED
    )
    ActionUpdate.objects.bulk_create(
        [
            ActionUpdate(
                action=a,
                date=min(today, a.done_on or today),
                status=a.status,
                note="Dilaporkan pada rakor" if a.origin != "aksi_nyata" else a.description,
            )
            for a in actions
            if a.status != ActionStatus.PLANNED
        ]
    )
    return actions


def _needs(rng: random.Random, posyandu: list[Posyandu], kabkota: str, today: datetime.date) -> list[Need]:
    """Needs of some posyandu, some funded by a sponsor."""
    needs = []
    for post in posyandu:
        if rng.random() < 0.3:
            kind, text, cost = rng.choice(NEEDS)
            need_status = rng.choices(
                [NeedStatus.REQUESTED, NeedStatus.ASSIGNED, NeedStatus.MET, NeedStatus.REJECTED],
                weights=[40, 25, 30, 5],
            )[0]
            sponsor = (
                rng.choice(SPONSORS[kabkota])
                if need_status != NeedStatus.REQUESTED and rng.random() < 0.4
                else ""
            )
            needs.append(
                Need(
                    posyandu=post,
                    kind=kind,
                    description=text,
                    priority=rng.choice(["tinggi", "sedang", "rendah"]),
                    estimated_cost_rp=cost,
                    requested_on=today - datetime.timedelta(days=rng.randint(10, 300)),
                    status=need_status,
                    sponsor=sponsor,
                    funding_source="csr"
                    if sponsor
                    else ("apbdes" if need_status != NeedStatus.REQUESTED else ""),
                    assigned_sector=""
                    if sponsor or need_status == NeedStatus.REQUESTED
                    else rng.choice(["kesehatan", "pmd"]),
                    met_on=today - datetime.timedelta(days=rng.randint(0, 9))
                    if need_status == NeedStatus.MET
                    else None,
                )
            )
    Need.objects.bulk_create(needs)
    return needs


def _funding(rng: random.Random, posyandu: list[Posyandu], years: tuple[int, int]) -> None:
    """Every posyandu's funding of last year and this year: APBDes, and sometimes more sources."""
    funding = []
    for post in posyandu:
        for year in years:
            funding.append(
                Funding(
                    posyandu=post,
                    year=year,
                    source="apbdes",
                    amount_rp=rng.randrange(6_000_000, 24_000_000, 500_000),
                )
            )
            if rng.random() < 0.7:
                funding.append(
                    Funding(
                        posyandu=post,
                        year=year,
                        source="swadaya",
                        amount_rp=rng.randrange(300_000, 3_000_000, 50_000),
                    )
                )
            if rng.random() < 0.15:
                funding.append(
                    Funding(
                        posyandu=post,
                        year=year,
                        source="csr",
                        amount_rp=rng.randrange(2_000_000, 10_000_000, 500_000),
                    )
                )
            if rng.random() < 0.1:
                funding.append(
                    Funding(
                        posyandu=post,
                        year=year,
                        source="apbd",
                        amount_rp=rng.randrange(1_000_000, 5_000_000, 500_000),
                    )
                )
    Funding.objects.bulk_create(funding, batch_size=2000)


def _strata(
    rng: random.Random,
    posyandu: list[Posyandu],
    kecamatan: list[Region],
    last_year: int,
    today: datetime.date,
) -> list[StrataAssessment]:
    """Strata: last year approved in the first kecamatan; this year proposed, verified or draft there, and a
    draft everywhere else (each Pokja desa has entered its additional programmes and dana sehat)."""
    first_kec = [p for p in posyandu if kecamatan and code_is_within(p.desa_id, kecamatan[0].code)]
    assessments = []
    for year, assessed, choices in (
        (last_year, first_kec, [AssessmentStatus.APPROVED]),
        (
            today.year,
            posyandu,
            [AssessmentStatus.DRAFT, AssessmentStatus.PROPOSED, AssessmentStatus.VERIFIED],
        ),
    ):
        entered = {}
        for p in assessed:
            households = rng.randint(60, 220)
            entered[p.pk] = StrataAssessment(
                posyandu=p,
                year=year,
                status=rng.choice(choices) if p in first_kec else AssessmentStatus.DRAFT,
                additional_programmes=rng.sample(
                    ["paud", "bkb", "lansia", "phbs", "toga"], k=rng.randint(0, 3)
                ),
                households=households,
                dana_sehat_households=rng.randint(0, households * 3 // 4),  # a third reach 50 %
            )
        computed = inputs_for(list(entered), year, entered, today=today)
        for pid, a in entered.items():
            if a.status != AssessmentStatus.DRAFT:
                a.result = to_json(computed[pid], strata_rules.classify(computed[pid], strata_thresholds()))
            assessments.append(a)
    StrataAssessment.objects.bulk_create(assessments)
    return assessments


def link_member_logins() -> None:
    """Each Tim Pembina login becomes the account of its body's secretary (or chair) who keeps the records."""
    from accounts.models import OFFICER_ROLES, User

    for user in User.objects.filter(role__in=OFFICER_ROLES, region__isnull=False, read_only=False):
        if Member.objects.filter(user=user).exists():
            continue
        free = Member.objects.filter(body__region_id=user.region_id, user__isnull=True).order_by("pk")
        member = free.filter(role="sekretaris").first() or free.filter(role="ketua").first()
        if member is not None:
            member.user = user
            member.save(update_fields=["user"])
