"""The work of the Tim Pembina Posyandu (Pokjanal) and the Pokja desa: bodies and members, the sector role
map, problems and supervision visits, coordination meetings (rakor) and their decisions, actions with their
follow-up and evidence, posyandu needs and funding, and the yearly strata assessment."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, IntegerField, OrderBy, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.scope import ScopedQuerySet, scope_q
from rules import percentages
from rules import problems as problem_rules
from rules import strata as strata_rules

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def by_rank(field: str, ranks: Mapping[str, int]) -> OrderBy:
    """Orders `field` by its rank: stored codes are words, and as text "rendah" < "sedang" < "tinggi" and
    "selesai" < "terbuka". A value without a rank sorts last."""
    whens = [When(**{field: value}, then=Value(rank)) for value, rank in ranks.items()]
    return Case(*whens, default=Value(len(ranks)), output_field=IntegerField()).asc()


class Category(models.TextChoices):
    """The four pembinaan categories of the Buleleng action plan (docs/domain.md "Pokjanal / Tim Pembina
    work")."""

    KELEMBAGAAN = problem_rules.KELEMBAGAAN, _("Bina Kelembagaan")
    MANUSIA = problem_rules.MANUSIA, _("Bina Manusia")
    LINGKUNGAN = problem_rules.LINGKUNGAN, _("Bina Lingkungan")
    USAHA = problem_rules.USAHA, _("Bina Usaha")


class Sector(models.TextChoices):
    """OPD/sector families; the member's own institution name is kept as written."""

    KESEHATAN = "kesehatan", _("Kesehatan (Dinas Kesehatan, Puskesmas)")
    PMD = "pmd", _("Pemberdayaan Masyarakat dan Desa (DPMD)")
    PKK = "pkk", _("TP PKK")
    PENDIDIKAN = "pendidikan", _("Pendidikan")
    SOSIAL = "sosial", _("Sosial")
    KB_PPPA = "kb_pppa", _("KB, Pemberdayaan Perempuan dan Perlindungan Anak")
    BAPPEDA = "bappeda", _("Perencanaan (Bappeda)")
    PU_PERKIM = "pu_perkim", _("Pekerjaan Umum dan Perumahan")
    PANGAN = "pangan", _("Pertanian dan Ketahanan Pangan")
    KOMINFO = "kominfo", _("Komunikasi dan Informatika")
    TRANTIBUM = "trantibum", _("Satpol PP dan Linmas")
    AGAMA = "agama", _("Kementerian Agama")
    PEMERINTAHAN = "pemerintahan", _("Pemerintahan wilayah (camat, lurah, kepala desa)")
    SWASTA = "swasta", _("Mitra swasta (CSR)")
    LAINNYA = "lainnya", _("Lainnya")


class Programme(models.TextChoices):
    """Programmes of a posyandu a responsibility may be limited to (blank: the whole category)."""

    KIA = "kia", _("KIA")
    KB = "kb", _("KB")
    GIZI = "gizi", _("Gizi")
    IMUNISASI = "imunisasi", _("Imunisasi")
    DIARE = "diare", _("Penanggulangan diare")
    PAUD = "paud", _("PAUD/BKB")
    LANSIA = "lansia", _("Lansia")
    EKONOMI = "ekonomi", _("Ekonomi keluarga")


class Severity(models.TextChoices):
    HIGH = problem_rules.HIGH, _("Tinggi")
    MEDIUM = problem_rules.MEDIUM, _("Sedang")
    LOW = problem_rules.LOW, _("Rendah")


# Problem severity and need priority.
SEVERITY_RANK: dict[str, int] = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


# ----------------------------------------------------------------------------------------------- bodies


class BodyQuerySet(ScopedQuerySet["Body"]):
    region_field = "region_id"
    posyandu_field = None


class Body(models.Model):
    """A Tim Pembina Posyandu / Pokjanal (provinsi, kabupaten/kota, kecamatan) or Pokja (desa/kelurahan)."""

    region = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="pokjanal_body", verbose_name=_("wilayah")
    )
    name = models.CharField(_("nama"), max_length=200)
    sk_number = models.CharField(_("nomor SK"), max_length=120, blank=True)
    sk_date = models.DateField(_("tanggal SK"), null=True, blank=True)
    sk_signed_by = models.CharField(
        _("ditetapkan oleh"), max_length=120, blank=True, help_text=_("Misalnya: Wali Kota Bontang")
    )
    term_start = models.DateField(_("masa kerja mulai"), null=True, blank=True)
    term_end = models.DateField(_("masa kerja selesai"), null=True, blank=True)
    rakor_target_per_year = models.PositiveSmallIntegerField(
        _("target rakor per tahun"), default=2, validators=[MaxValueValidator(24)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("Tim Pembina Posyandu")
        verbose_name_plural = _("Tim Pembina Posyandu")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="body_term_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    PEMBINA = "pembina", _("Pembina/penasehat")
    KETUA = "ketua", _("Ketua")
    WAKIL = "wakil", _("Wakil ketua")
    SEKRETARIS = "sekretaris", _("Sekretaris")
    BENDAHARA = "bendahara", _("Bendahara")
    KOORDINATOR = "koordinator", _("Koordinator bidang")
    ANGGOTA = "anggota", _("Anggota")


class MemberQuerySet(ScopedQuerySet["Member"]):
    region_field = "body__region_id"
    posyandu_field = None


class Member(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("nama"), max_length=150)
    institution = models.CharField(
        _("instansi/OPD"), max_length=150, help_text=_("Misalnya: Dinas Kesehatan, Puskesmas Bontang Utara")
    )
    sector = models.CharField(_("sektor"), max_length=14, choices=Sector.choices)
    role = models.CharField(_("jabatan dalam tim"), max_length=12, choices=MemberRole.choices)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    user = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pokjanal_memberships",
        verbose_name=_("akun pengguna"),
    )
    active = models.BooleanField(_("aktif"), default=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["body_id", "role", "name"]
        verbose_name = _("anggota tim")
        verbose_name_plural = _("anggota tim")

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"


class SectorRoleQuerySet(ScopedQuerySet["SectorRole"]):
    region_field = "body__region_id"
    posyandu_field = None


class SectorRole(models.Model):
    """One cell of the sector role map: what a sector has agreed to do for a category (and programme)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="sector_roles")
    sector = models.CharField(_("sektor"), max_length=14, choices=Sector.choices)
    category = models.CharField(_("kategori pembinaan"), max_length=12, choices=Category.choices)
    programme = models.CharField(_("program"), max_length=10, choices=Programme.choices, blank=True)
    responsibility = models.CharField(_("tanggung jawab yang disepakati"), max_length=300)
    is_lead = models.BooleanField(_("penanggung jawab utama"), default=False)

    objects = SectorRoleQuerySet.as_manager()

    class Meta:
        ordering = ["body_id", "category", "-is_lead", "sector"]
        verbose_name = _("peran sektor")
        verbose_name_plural = _("peta peran sektor")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "sector", "category", "programme"], name="unique_sector_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_sector_display()} · {self.get_category_display()}"


# --------------------------------------------------------------------------------- problems and visits


class ProblemSource(models.TextChoices):
    DATA = "data", _("Dari data")
    MANUAL = "manual", _("Dicatat petugas")
    SUPERVISION = "kunjungan", _("Kunjungan pembinaan")


class ProblemStatus(models.TextChoices):
    OPEN = "terbuka", _("Terbuka")
    HANDLED = "ditangani", _("Sedang ditangani")
    RESOLVED = "selesai", _("Selesai")


OPEN_PROBLEM_STATUSES = (ProblemStatus.OPEN, ProblemStatus.HANDLED)
# Open problems first, the most severe first, untouched before handled, the latest found first.
PROBLEM_ORDERING = (
    by_rank("status", {ProblemStatus.OPEN: 0, ProblemStatus.HANDLED: 0}),
    by_rank("severity", SEVERITY_RANK),
    by_rank("status", {ProblemStatus.OPEN: 0, ProblemStatus.HANDLED: 1}),
    F("found_on").desc(),
    F("pk").asc(),
)


class ProblemKind(models.TextChoices):
    FEW_KADER = problem_rules.FEW_KADER, _("Kader aktif kurang dari 5")
    FEW_OPENING_DAYS = problem_rules.FEW_OPENING_DAYS, _("Hari buka kurang dari 8 dalam 12 bulan")
    LOW_DS = problem_rules.LOW_DS, _("D/S di bawah 50 %")
    EQUIPMENT = problem_rules.EQUIPMENT, _("Alat esensial tidak ada atau rusak")
    MEASUREMENT_QUALITY = problem_rules.MEASUREMENT_QUALITY, _("Mutu pengukuran kurang")
    STUNTING = problem_rules.STUNTING, _("Stunting di atas target")
    REPEATED_2T = problem_rules.REPEATED_2T, _("Balita 2T (tidak naik dua kali berturut-turut)")
    UNTRAINED_GROUP = problem_rules.UNTRAINED_GROUP, _("Kelompok kompetensi tanpa kader terlatih")
    OTHER = "lainnya", _("Masalah lain")


class ProblemQuerySet(ScopedQuerySet["Problem"]):
    region_field = "posyandu__desa_id"

    def open(self) -> ProblemQuerySet:
        return self.filter(status__in=OPEN_PROBLEM_STATUSES)


class Problem(models.Model):
    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.CASCADE, related_name="problems", verbose_name=_("posyandu")
    )
    kind = models.CharField(_("jenis masalah"), max_length=22, choices=ProblemKind.choices)
    source = models.CharField(_("sumber"), max_length=10, choices=ProblemSource.choices)
    category = models.CharField(_("kategori pembinaan"), max_length=12, choices=Category.choices)
    severity = models.CharField(_("tingkat"), max_length=7, choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    description = models.CharField(_("uraian"), max_length=500, blank=True)
    evidence = models.JSONField(_("bukti"), default=dict, blank=True)
    rule_version = models.CharField(max_length=20, blank=True)
    visit = models.ForeignKey(
        "SupervisionVisit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
        verbose_name=_("kunjungan pembinaan"),
    )
    found_on = models.DateField(_("ditemukan"))
    resolved_on = models.DateField(pgettext_lazy("masalah", "selesai"), null=True, blank=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = PROBLEM_ORDERING
        verbose_name = _("masalah posyandu")
        verbose_name_plural = _("masalah posyandu")
        indexes = [models.Index(fields=["posyandu", "status"]), models.Index(fields=["kind", "status"])]
        constraints = [
            # The detector keeps one open problem per posyandu and kind, even if two runs race.
            models.UniqueConstraint(
                fields=["posyandu", "kind"],
                condition=Q(source="data", status__in=["terbuka", "ditangani"]),
                name="one_open_data_problem_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.posyandu.name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROBLEM_STATUSES


class SupervisionVisitQuerySet(ScopedQuerySet["SupervisionVisit"]):
    region_field = "posyandu__desa_id"


class SupervisionVisit(models.Model):
    """A kunjungan pembinaan: a member's visit to a posyandu with the checklist (`pokjanal.checklist`)."""

    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.CASCADE, related_name="supervision_visits"
    )
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="visits", verbose_name=_("tim")
    )
    date = models.DateField(_("tanggal kunjungan"))
    visitors = models.CharField(_("petugas yang berkunjung"), max_length=250)
    answers = models.JSONField(_("daftar tilik"), default=dict)  # checklist item code → "ya" / "tidak"
    notes = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SupervisionVisitQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("kunjungan pembinaan")
        verbose_name_plural = _("kunjungan pembinaan")

    def __str__(self) -> str:
        return f"{self.posyandu.name} · {self.date:%d-%m-%Y}"


# ------------------------------------------------------------------------------------------------- rakor


class RakorStatus(models.TextChoices):
    PLANNED = "direncanakan", _("Direncanakan")
    HELD = "terlaksana", _("Terlaksana")
    CANCELLED = "batal", pgettext_lazy("status", "Batal")


class RakorQuerySet(ScopedQuerySet["Rakor"]):
    region_field = "body__region_id"
    posyandu_field = None


class Rakor(models.Model):
    """A coordination meeting (rapat koordinasi) of a body. While planned its agenda is built live from the
    body's open actions and its region's data; holding it freezes that agenda into `agenda`."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="rakor_set")
    title = models.CharField(_("judul"), max_length=200)
    theme = models.CharField(_("tema"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("waktu"))
    place = models.CharField(_("tempat"), max_length=200)
    invitation_number = models.CharField(_("nomor undangan"), max_length=100, blank=True)
    extra_agenda = models.TextField(
        _("agenda tambahan"), blank=True, help_text=_("Satu butir per baris; agenda utama disusun otomatis.")
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RakorStatus.choices, default=RakorStatus.PLANNED
    )
    agenda = models.JSONField(_("agenda saat rapat"), default=dict, blank=True)
    minutes = models.TextField(_("notulen"), blank=True)
    guests = models.TextField(_("peserta lain"), blank=True, help_text=_("Satu nama/instansi per baris"))
    attendees = models.ManyToManyField(Member, blank=True, related_name="rakor_attended")
    held_on = models.DateField(_("tanggal terlaksana"), null=True, blank=True)

    objects = RakorQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("rapat koordinasi")
        verbose_name_plural = _("rapat koordinasi")

    def __str__(self) -> str:
        return self.title


class DecisionQuerySet(ScopedQuerySet["Decision"]):
    region_field = "rakor__body__region_id"
    posyandu_field = None


class Decision(models.Model):
    rakor = models.ForeignKey(Rakor, on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField(_("keputusan"), max_length=500)
    category = models.CharField(_("kategori pembinaan"), max_length=12, choices=Category.choices)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("keputusan rakor")
        verbose_name_plural = _("keputusan rakor")

    def __str__(self) -> str:
        return self.text


# ----------------------------------------------------------------------------------------------- actions


class ActionStatus(models.TextChoices):
    PLANNED = "direncanakan", _("Direncanakan")
    RUNNING = "berjalan", _("Berjalan")
    DONE = "selesai", _("Selesai")
    CANCELLED = "batal", pgettext_lazy("status", "Batal")


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.RUNNING)


class ActionOrigin(models.TextChoices):
    PROBLEM = "masalah", _("Dari masalah posyandu")
    DECISION = "rakor", _("Dari keputusan rakor")
    REAL = "aksi_nyata", _("Aksi nyata yang dilaporkan")
    PLAN = "rencana", _("Rencana kerja tim")


class ActionQuerySet(ScopedQuerySet["Action"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Seen where it happens (its region) or by the body that owns it: a higher body sees the actions of
        every body below it (roll-up), a lower body sees what a higher body asked of its area."""
        return self.filter(
            scope_q(user, region_field="region_id") | scope_q(user, region_field="body__region_id")
        )

    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        return self.open().filter(due_date__lt=today)


class Action(models.Model):
    """A rencana aksi / rencana tindak lanjut, or an aksi nyata reported by a lower body."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="actions", verbose_name=_("tim"))
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wilayah sasaran"),
    )
    posyandu = models.ForeignKey(
        "posyandu.Posyandu",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pokjanal_actions",
        verbose_name=_("posyandu sasaran"),
    )
    origin = models.CharField(_("asal"), max_length=10, choices=ActionOrigin.choices)
    problem = models.ForeignKey(
        Problem, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.CharField(_("uraian kegiatan"), max_length=500)
    category = models.CharField(_("kategori pembinaan"), max_length=12, choices=Category.choices)
    owner_member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        verbose_name=_("penanggung jawab (anggota)"),
    )
    owner_sector = models.CharField(
        _("penanggung jawab (OPD/sektor)"), max_length=14, choices=Sector.choices, blank=True
    )
    owner_partner = models.CharField(
        _("mitra"), max_length=150, blank=True, help_text=_("Misalnya perusahaan pemberi CSR")
    )
    due_date = models.DateField(_("tenggat"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    done_on = models.DateField(_("tanggal selesai"), null=True, blank=True)
    created_on = models.DateField(_("dibuat"))

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        indexes = [models.Index(fields=["body", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(owner_member__isnull=True, owner_sector="", owner_partner=""),
                name="action_has_an_owner",
                violation_error_message=_("Isi penanggung jawab: anggota, OPD/sektor atau mitra."),
            )
        ]

    def __str__(self) -> str:
        return self.description[:80]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status in OPEN_ACTION_STATUSES and self.due_date < today

    @property
    def owner_label(self) -> str:
        parts = []
        if self.owner_member_id is not None and self.owner_member is not None:
            parts.append(self.owner_member.name)
        if self.owner_sector:
            parts.append(str(self.get_owner_sector_display()))
        if self.owner_partner:
            parts.append(self.owner_partner)
        return " · ".join(parts)


class ActionUpdateQuerySet(ScopedQuerySet["ActionUpdate"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self.filter(action__in=Action.objects.visible_to(user))


class ActionUpdate(models.Model):
    """One follow-up of an action: its status from then on and what was done."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("tanggal"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    note = models.TextField(_("tindak lanjut"))
    by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.get_status_display()}"


class EvidenceQuerySet(ScopedQuerySet["Evidence"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self.filter(action__in=Action.objects.visible_to(user))


class Evidence(models.Model):
    """A file or photo proving an action. Stored under MEDIA_ROOT with an unguessable name and served only
    by an access-checked view (never by a public URL)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    update = models.ForeignKey(
        ActionUpdate, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence"
    )
    path = models.CharField(max_length=200, unique=True)
    original_name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# ----------------------------------------------------------------------------------- needs and funding


class NeedKind(models.TextChoices):
    EQUIPMENT = "alat", _("Alat")
    TRAINING = "pelatihan", _("Pelatihan")
    BUDGET = "anggaran", _("Anggaran")
    FACILITY = "sarana", _("Sarana/tempat")


class NeedStatus(models.TextChoices):
    REQUESTED = "diajukan", _("Diajukan")
    ASSIGNED = "ditangani", _("Ditangani")
    MET = "terpenuhi", _("Terpenuhi")
    REJECTED = "ditolak", _("Tidak dapat dipenuhi")


OPEN_NEED_STATUSES = (NeedStatus.REQUESTED, NeedStatus.ASSIGNED)
# Open needs first, the highest priority first, requested before assigned, met before refused, newest first.
NEED_ORDERING = (
    by_rank("status", {NeedStatus.REQUESTED: 0, NeedStatus.ASSIGNED: 0}),
    by_rank("priority", SEVERITY_RANK),
    by_rank("status", {NeedStatus.REQUESTED: 0, NeedStatus.ASSIGNED: 1, NeedStatus.MET: 2}),
    F("requested_on").desc(),
    F("pk").asc(),
)


class FundingSource(models.TextChoices):
    APBDES = "apbdes", _("APBDes")
    APBD = "apbd", _("APBD")
    CSR = "csr", _("CSR perusahaan")
    SWADAYA = "swadaya", _("Swadaya masyarakat")
    OTHER = "lainnya", _("Lainnya")


class NeedQuerySet(ScopedQuerySet["Need"]):
    region_field = "posyandu__desa_id"

    def funded(self) -> NeedQuerySet:
        """Needs met with a named source of funds (CSR, APBDes, ...): support the posyandu received, shown
        with its funding at the estimated cost, the latest first."""
        return self.filter(status=NeedStatus.MET).exclude(funding_source="").order_by("-met_on", "-pk")


class Need(models.Model):
    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.CASCADE, related_name="needs", verbose_name=_("posyandu")
    )
    kind = models.CharField(_("jenis kebutuhan"), max_length=10, choices=NeedKind.choices)
    description = models.CharField(_("uraian"), max_length=300)
    priority = models.CharField(_("prioritas"), max_length=7, choices=Severity.choices)
    estimated_cost_rp = models.PositiveBigIntegerField(_("perkiraan biaya (Rp)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_on = models.DateField(_("tanggal pengajuan"))
    assigned_sector = models.CharField(
        _("OPD/sektor yang menangani"), max_length=14, choices=Sector.choices, blank=True
    )
    sponsor = models.CharField(_("pemberi dukungan"), max_length=150, blank=True)
    funding_source = models.CharField(
        _("sumber dana"), max_length=8, choices=FundingSource.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.REQUESTED
    )
    met_on = models.DateField(_("tanggal terpenuhi"), null=True, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = NEED_ORDERING
        verbose_name = _("kebutuhan posyandu")
        verbose_name_plural = _("kebutuhan posyandu")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_NEED_STATUSES


class FundingQuerySet(ScopedQuerySet["Funding"]):
    region_field = "posyandu__desa_id"


class Funding(models.Model):
    posyandu = models.ForeignKey("posyandu.Posyandu", on_delete=models.CASCADE, related_name="funding")
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(_("sumber dana"), max_length=8, choices=FundingSource.choices)
    amount_rp = models.PositiveBigIntegerField(_("jumlah (Rp)"))
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    objects = FundingQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "source"]
        verbose_name = _("pendanaan posyandu")
        verbose_name_plural = _("pendanaan posyandu")
        constraints = [
            models.UniqueConstraint(fields=["posyandu", "year", "source"], name="unique_funding_source")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()}: Rp {self.amount_rp}"


# ------------------------------------------------------------------------------------------------ strata


class AssessmentStatus(models.TextChoices):
    DRAFT = "draf", _("Draf")
    PROPOSED = "diajukan", _("Diajukan desa/kelurahan")
    VERIFIED = "diverifikasi", _("Diverifikasi kecamatan")
    APPROVED = "disetujui", _("Disetujui kabupaten/kota")


class AdditionalProgramme(models.TextChoices):
    """Programmes integrated into the posyandu besides the five main ones (Permendagri 19/2011 list)."""

    PAUD = "paud", _("PAUD")
    BKB = "bkb", _("Bina Keluarga Balita (BKB)")
    BKR = "bkr", _("Bina Keluarga Remaja (BKR)")
    LANSIA = "lansia", _("Bina Keluarga Lansia / posbindu")
    PHBS = "phbs", _("PHBS dan kesehatan lingkungan")
    PANGAN = "pangan", _("Penganekaragaman pangan (P2KP)")
    KESPRO = "kespro", _("Kesehatan reproduksi")
    EKONOMI = "ekonomi", _("Peningkatan ekonomi keluarga (UP2K)")
    TOGA = "toga", _("Tanaman obat keluarga (TOGA)")


class StrataAssessmentQuerySet(ScopedQuerySet["StrataAssessment"]):
    region_field = "posyandu__desa_id"


class StrataAssessment(models.Model):
    """One posyandu-year: the inputs recorded nowhere else, the computed result frozen when the Pokja desa
    proposes it, and the tiered verification (desa proposes, kecamatan verifies, kabupaten/kota approves)."""

    posyandu = models.ForeignKey(
        "posyandu.Posyandu", on_delete=models.CASCADE, related_name="strata_assessments"
    )
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    additional_programmes = models.JSONField(_("program tambahan"), default=list, blank=True)
    households = models.PositiveIntegerField(_("jumlah KK di wilayah posyandu"), null=True, blank=True)
    dana_sehat_households = models.PositiveIntegerField(_("KK peserta dana sehat"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    result = models.JSONField(_("hasil saat diajukan"), default=dict, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    proposed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = StrataAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "posyandu_id"]
        verbose_name = _("penilaian strata posyandu")
        verbose_name_plural = _("penilaian strata posyandu")
        constraints = [
            models.UniqueConstraint(fields=["posyandu", "year"], name="unique_strata_assessment"),
            models.CheckConstraint(
                condition=Q(dana_sehat_households__isnull=True)
                | Q(households__isnull=True)
                | Q(dana_sehat_households__lte=models.F("households")),
                name="dana_sehat_within_households",
                violation_error_message=_("KK peserta dana sehat tidak boleh melebihi jumlah KK."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.posyandu.name} {self.year}"

    @property
    def is_locked(self) -> bool:
        return self.status == AssessmentStatus.APPROVED

    @property
    def dana_sehat_share(self) -> float | None:
        """% of households in dana sehat, unrounded: what the strata rule judges
        (docs/domain.md "Targets")."""
        if not self.households or self.dana_sehat_households is None:
            return None
        return 100.0 * self.dana_sehat_households / self.households

    @property
    def dana_sehat_pct(self) -> float | None:
        """The share as shown: never rounded up onto the strata threshold it does not reach."""
        threshold = strata_rules.DEFAULT_THRESHOLDS.min_dana_sehat_pct
        return percentages.shown(self.dana_sehat_share, against=threshold)
