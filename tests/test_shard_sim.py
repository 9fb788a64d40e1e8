"""bench/shard_sim.py sorts each statement by how a Citus cluster distributed by province would route it."""

from __future__ import annotations

from bench.shard_sim import classify


def test_a_statement_naming_the_province_routes_one_naming_an_id_routes_by_id_the_rest_fan_out() -> None:
    routed = (
        'SELECT SUM("s") FROM "reports_monthlyfigures" '
        "WHERE (\"desa_id\" >= '64.02' AND \"desa_id\" < '64.02/')"
    )
    by_id = 'SELECT "people_person"."id" FROM "people_person" WHERE "people_person"."mother_id" = 17'
    fan_out = 'SELECT MAX("audit_auditevent"."id") FROM "audit_auditevent" WHERE "audit_auditevent"."id" > 5'
    reference = 'SELECT "regions_region"."code" FROM "regions_region" WHERE "regions_region"."code" = \'64\''
    assert [classify(sql, "64") for sql in (routed, by_id, fan_out, reference)] == [
        "routed",
        "by id",
        "fan-out",
        None,
    ]
    assert classify(routed, "65") == "fan-out"  # another province's shard cannot answer for 64
