"""Benchmarks (run as scripts: `.venv/bin/python bench/<name>.py`); never timed assertions in tests."""
