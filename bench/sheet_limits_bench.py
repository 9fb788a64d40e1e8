"""How long the sheet reader takes to read or refuse each crafted file, and its peak memory (issue: hostile
files). Each file is read in a fresh process so that one file's peak does not hide another's.

    .venv/bin/python bench/sheet_limits_bench.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

READ = r"""
import json, re, sys, time
import django
django.setup()
from campaigns.imports import read as sheets
name, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
try:
    outcome = f"{len(sheets.read(name, open(path, 'rb').read()).rows)} rows read"
except sheets.SheetError as error:
    outcome = f"refused: {error}"
seconds = time.perf_counter() - start
# VmHWM: this process's own peak (ru_maxrss would carry the parent's across fork and exec).
peak_mib = int(re.search(r"VmHWM:\s+(\d+) kB", open("/proc/self/status").read()).group(1)) / 1024
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mib": peak_mib}))
"""


def main() -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_dev")
    from campaigns.tests import test_hostile_sheets as crafted

    with tempfile.TemporaryDirectory() as folder:
        files = {
            "dimension-A1-XFD3000.xlsx": crafted.lying_dimension("A1:XFD3000"),
            "dimension-A1-XFD1048576.xlsx": crafted.lying_dimension("A1:XFD1048576"),
            "cell-in-column-XFD.xlsx": crafted.xlsx_cell_at_the_last_column(),
            "repeats-of-repeats.ods": crafted.ods_repeats_of_repeats(),
            "rows-repeated.ods": crafted.ods_rows_repeated(),
        }
        for name, content in files.items():
            (Path(folder) / name).write_bytes(content)
        crafted.ods_zip_bomb(Path(folder) / "zip-bomb-200MB.ods")
        print(f"{'file':32} {'size':>9} {'time':>8} {'peak RSS':>9}  outcome")
        for path in sorted(Path(folder).iterdir()):
            done = subprocess.run(
                [sys.executable, "-c", READ, path.name, str(path)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(done.stdout)
            print(
                f"{path.name:32} {path.stat().st_size / 1024:7.1f}KiB {result['seconds']:7.2f}s "
                f"{result['peak_mib']:6.0f}MiB  {result['outcome'][:90]}"
            )


if __name__ == "__main__":
    main()
