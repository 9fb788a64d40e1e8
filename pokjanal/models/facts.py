"""Each posyandu's facts over a period (`pokjanal.indicators.facts_for`), kept once computed: the strata
summary, the rakor agenda and the public pages read them for every posyandu of an area, and computing them
scans a year of visits. Derived data like the monthly figures (not audited): a row is good while no write
was audited for its posyandu after `event_id`, the last audit event when it was computed."""

from __future__ import annotations

from django.db import models


class StoredFacts(models.Model):
    posyandu = models.ForeignKey("posyandu.Posyandu", on_delete=models.CASCADE, related_name="+")
    start = models.DateField()
    end = models.DateField()
    event_id = models.BigIntegerField()
    facts = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["posyandu", "start", "end"], name="unique_posyandu_period_facts")
        ]

    def __str__(self) -> str:
        return f"{self.posyandu_id} {self.start}–{self.end}"
