"""Where one request's time goes: cProfile's top functions over many requests to one endpoint, in process.

    python -m bench.profile "GET child list" HAL              # 300 requests, the top 25 by own time
    python -m bench.profile "GET parent" JSON --auth token --requests 1000 --sort cumulative
    python -m bench.profile "GET child" Siren --not-modified   # its 304: If-None-Match naming its ETag

Run from the template's root.  It bakes the benchmark's project (all four
representations) into build/bench-profile/, fills a SQLite database as
``make bench`` does (bench/compare.py), sends a warm-up and then the
requests through Flask's test client under cProfile, and prints the
statistics.  The endpoints and representations are those of the load
table; ``hand-written`` as the representation profiles bench/handwritten.py.
``--not-modified`` profiles a GET's 304 (the conditional table,
bench/conditional.py): each request sends If-None-Match with the ETag
of its first answer.
"""

import argparse
import cProfile
import logging
import pstats
import sys
import tempfile
from pathlib import Path

from .__main__ import TEMPLATE, bake


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.partition("\n")[0])
    parser.add_argument("endpoint", help='a request of the census table, such as "GET child list"')
    parser.add_argument("representation", help="Siren, HAL, JSON:API, JSON or hand-written")
    parser.add_argument("--auth", choices=["none", "basic", "token"], default="none", help="default: none")
    parser.add_argument("--requests", type=int, default=300, help="profiled requests (default 300)")
    parser.add_argument("--top", type=int, default=25, help="functions printed (default 25)")
    parser.add_argument("--sort", default="tottime", help="pstats sort key (default tottime: own time)")
    parser.add_argument(
        "--not-modified", action="store_true", help="send If-None-Match with the GET's ETag: profile its 304"
    )
    parser.add_argument("--build-dir", type=Path, default=TEMPLATE / "build" / "bench-profile", help="where to bake")
    options = parser.parse_args(argv)

    project = bake(options.build_dir, auth=options.auth)
    sys.path.insert(0, str(project))
    from . import compare, handwritten  # import the baked package

    logging.disable(logging.INFO)  # the migrations' progress
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as directory:
        database_url = f"sqlite:///{directory}/profile.sqlite3"
        ids, _ = compare.build_database(project, database_url, options.auth)
        requests = {label: (method, path, body) for label, method, path, body in compare.census_requests(ids)}
        if options.endpoint not in requests:
            parser.error(f"endpoint: one of {', '.join(requests)}")
        if options.representation == "hand-written":
            app = handwritten.create_app(database_url, options.auth, compare.SECRET_KEY)
            headers = {"Accept": "application/json", **(ids["headers"] if options.auth == "token" else {})}
        elif options.representation in compare.MEDIA_TYPES:
            app = compare.create_app({**compare.SETTINGS, "SQLALCHEMY_DATABASE_URI": database_url})
            headers = {"Accept": compare.MEDIA_TYPES[options.representation], **ids["headers"]}
        else:
            parser.error(f"representation: one of {', '.join(compare.MEDIA_TYPES)} or hand-written")
        method, path, body = requests[options.endpoint]
        client = app.test_client()
        if options.not_modified:
            if method != "GET" or options.representation == "hand-written":
                parser.error("--not-modified: a GET of the generated API")
            headers["If-None-Match"] = client.get(path, headers=headers).headers["ETag"]
        for _ in range(max(20, options.requests // 10)):
            response = client.open(path, method=method, json=body, headers=headers)
            if options.not_modified:
                compare.answered(response, 304)
            else:
                compare.checked(response)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(options.requests):
            client.open(path, method=method, json=body, headers=headers)
        profiler.disable()
        with app.app_context():
            compare.db.engine.dispose()
    answered = " answered 304" if options.not_modified else ""
    print(f"{options.endpoint}{answered} in {options.representation}, {options.auth} auth: {options.requests} requests")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats(options.sort).print_stats(options.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
