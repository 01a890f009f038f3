"""The benchmark a bake ships (make bench) keeps working: a quick run, no timings asserted."""

import sys

from helpers import clean_environment, output_tail, run

ENDPOINTS = ("GET parent", "GET list", "POST child")


def test_quick_benchmark_runs_and_prints_its_tables(bake):
    project = bake({"auth": "token"})
    process = run([sys.executable, "-m", "bench", "--quick"], cwd=project.path, env=clean_environment(), timeout=300)

    assert process.returncode == 0, output_tail(process)
    output = process.stdout
    assert "SQL statements per request" in output
    assert "requests/s" in output
    for endpoint in ENDPOINTS:
        rows = [line for line in output.splitlines() if line.startswith(endpoint)]
        assert len(rows) == 2, f"{endpoint}: expected a census row and a load row in\n{output}"
