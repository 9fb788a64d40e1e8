"""The demo's monthly reports: for the twelve months before the current one, most posyandu sent their
report on time and the bidan verified it; some sent it late, a few never did; the last months still have
reports waiting for the bidan (those of the demo bidan's kelurahan among them), the demo kader's posyandu
has last month still to send and, in the first kabupaten/kota, the month before returned by the bidan.

Deterministic for a seed, kabupaten/kota and date; written with one bulk insert (the caller records the
seeding as one audit event). The figures frozen into each report are those the records give
(`monthly.snapshot`), as if the kader had pressed "Kirim" that day."""

from __future__ import annotations

import datetime
import random
import zoneinfo

from monthly.completeness import deadline_of
from monthly.models import MonthlyReport, ReportStatus
from monthly.snapshot import figures_of
from posyandu.models import Posyandu
from regions.codes import within_q
from regions.models import Region
from rules.months import add_months, month_start

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
MONTHS = 12
TOPICS = (
    "MP-ASI bergizi seimbang",
    "ASI eksklusif",
    "Cuci tangan pakai sabun",
    "Tanda bahaya kehamilan",
    "Isi piringku",
    "Imunisasi lengkap",
    "Pencegahan stunting",
    "Tablet tambah darah remaja",
    "Hipertensi pada lansia",
)
ACTIVITIES = ("", "", "Kelas ibu hamil", "BKB", "PAUD", "TOGA", "Senam lansia", "Kelas ibu balita")
RETURN_REASON = "Jumlah D tidak sama dengan buku register; mohon diperiksa lagi."


def _demo_posyandu(kabkota: str) -> tuple[int | None, set[str]]:
    """The demo kader's posyandu and the demo bidan's kelurahan (demo.builder._logins chooses them so)."""
    kecamatan = Region.objects.filter(parent_id=kabkota).order_by("code").first()
    if kecamatan is None:
        return None, set()
    desa = list(Region.objects.filter(parent=kecamatan).order_by("code").values_list("code", flat=True)[:2])
    kader = Posyandu.objects.filter(desa_id=desa[0]).order_by("code").first() if desa else None
    return (kader.pk if kader else None), set(desa)


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime(
        day.year, day.month, day.day, rng.randint(8, 16), rng.randint(0, 59), tzinfo=JAKARTA
    )


def build_monthly_reports(seed: int, kabkota: str, today: datetime.date, *, with_returned: bool) -> int:
    """Seed the kabupaten/kota's reports (nothing where it has some already); returns how many."""
    if MonthlyReport.objects.filter(within_q("posyandu__desa_id", kabkota)).exists():
        return 0
    posyandu = dict(
        Posyandu.objects.filter(within_q("desa_id", kabkota)).order_by("code").values_list("pk", "desa_id")
    )
    if not posyandu:
        return 0
    rng = random.Random(f"{seed}-monthly-{kabkota}")
    kader_posyandu, bidan_desa = _demo_posyandu(kabkota)
    current = month_start(today)
    months = [add_months(current, -i) for i in range(MONTHS, 0, -1)]
    reports = []
    for age, month in zip(range(MONTHS, 0, -1), months, strict=True):
        figures = figures_of(posyandu, month)
        due = deadline_of(month)
        first_day = add_months(month, 1)
        for pid, desa in posyandu.items():
            returned = with_returned and pid == kader_posyandu and age == 2
            if pid == kader_posyandu and age == 1:
                continue  # left for the demo kader to send
            roll = rng.random()
            if roll < 0.04 and not returned:
                continue  # never sent
            late = roll < 0.12 and not returned
            if late:
                sent = due + datetime.timedelta(days=rng.randint(1, 20))
            else:
                sent = first_day + datetime.timedelta(days=rng.randint(0, (due - first_day).days))
            if sent > today:
                continue  # not sent yet
            checked = sent + datetime.timedelta(days=rng.randint(1, 7))
            waiting = (age <= 2 and rng.random() < 0.3) or (age == 1 and desa in bidan_desa)
            status = ReportStatus.VERIFIED
            if returned:
                status = ReportStatus.RETURNED
            elif waiting or checked > today:
                status = ReportStatus.SUBMITTED
            sent_at = _at(sent, rng)
            reports.append(
                MonthlyReport(
                    posyandu_id=pid,
                    month=month,
                    status=status,
                    kader_present=rng.randint(4, 8),
                    pmt_recipients=rng.randint(5, 40) if rng.random() < 0.7 else None,
                    counselling_topic=rng.choice(TOPICS),
                    additional_activities=rng.choice(ACTIVITIES),
                    figures=figures[pid],
                    submitted_at=sent_at,
                    first_submitted_at=sent_at,
                    verified_at=_at(checked, rng) if status == ReportStatus.VERIFIED else None,
                    return_reason=RETURN_REASON if returned else "",
                )
            )
    MonthlyReport.objects.bulk_create(reports, batch_size=2000)
    return len(reports)
