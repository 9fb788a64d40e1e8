"""Bytes per stored visit on PostgreSQL (issue 16, target under 400 B): the visit table's heap (with its
TOAST) and each of its indexes, divided by the number of visits, and the average size of each column.

    .venv/bin/python bench/storage_bench.py                                  # the kabupaten bench database
    .venv/bin/python bench/storage_bench.py --database posyandu_province_bench --vacuum-full

The database is one a benchmark built (`bench/report_bench.py`, `bench/make_data.py`); `--vacuum-full`
rewrites the table first, so that rows updated since (a migration, a re-import) count at their size and not
with the dead versions they left. PostgreSQL must run (`pg_ctlcluster --skip-systemctl-redirect 15 main
start`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys

TABLE = "visits_visit"


def psql(database: str, sql: str) -> list[list[str]]:
    done = subprocess.run(
        ["su", "postgres", "-c", f'psql -d {database} -qtA -F "|" -c "{sql}"'],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(
            f"psql failed: {done.stderr.strip()}\n"
            "(is the cluster up? pg_ctlcluster --skip-systemctl-redirect 15 main start)"
        )
    return [line.split("|") for line in done.stdout.splitlines() if line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="posyandu_report_bench")
    parser.add_argument("--vacuum-full", action="store_true", help="rewrite the table first")
    parser.add_argument("--sample", type=int, default=200_000, help="rows sampled for the column sizes")
    args = parser.parse_args()
    if args.vacuum_full:
        psql(args.database, f"VACUUM FULL ANALYZE {TABLE}")
    # A partitioned table's sizes are its partitions'; a plain table is its own only partition.
    parts = (
        f"(SELECT '{TABLE}'::regclass AS rel UNION "
        f"SELECT inhrelid FROM pg_inherits i WHERE i.inhparent = '{TABLE}'::regclass)"
    )
    (count,), *_ = psql(args.database, f"SELECT count(*) FROM {TABLE}")
    visits = int(count)
    if not visits:
        sys.exit(f"{args.database}: no visits stored")
    (heap,), *_ = psql(args.database, f"SELECT coalesce(sum(pg_table_size(rel)), 0) FROM {parts} p")
    indexes = psql(
        args.database,
        "SELECT coalesce(pi.relname, c.relname), sum(pg_relation_size(x.indexrelid)) "
        f"FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN {parts} p ON p.rel = x.indrelid "
        "LEFT JOIN pg_inherits ih ON ih.inhrelid = x.indexrelid "
        "LEFT JOIN pg_class pi ON pi.oid = ih.inhparent "
        "GROUP BY 1 ORDER BY 2 DESC",
    )
    index_bytes = sum(int(size) for _name, size in indexes)
    print(f"{args.database}: {visits:,} visits")
    print(f"  heap (with TOAST)         {int(heap) / visits:7.0f} B a visit")
    for name, size in indexes:
        print(f"  index {name:<38} {int(size) / visits:5.0f} B")
    total = (int(heap) + index_bytes) / visits
    print(f"  indexes                   {index_bytes / visits:7.0f} B a visit")
    print(f"  total                     {total:7.0f} B a visit — target < 400 B")
    columns = psql(
        args.database,
        f"SELECT attname FROM pg_attribute WHERE attrelid = '{TABLE}'::regclass AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum",
    )
    sizes = ", ".join(f"coalesce(avg(pg_column_size({name})), 0)::numeric(6,1)" for (name,) in columns)
    (row,) = psql(
        args.database,
        f"SELECT avg(pg_column_size(v.*))::numeric(6,1), {sizes} "
        f"FROM (SELECT * FROM {TABLE} LIMIT {args.sample}) v",
    )
    print(f"  average row (tuple data)  {float(row[0]):7.0f} B; its columns, largest first:")
    widest = sorted(zip((c for (c,) in columns), row[1:], strict=True), key=lambda c: -float(c[1]))
    print("   " + ", ".join(f"{name} {float(size):.0f}" for name, size in widest if float(size) > 0))


if __name__ == "__main__":
    main()
