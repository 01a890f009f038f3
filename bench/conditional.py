"""The conditional table: a GET answered 304 Not Modified against the same GET answered 200.

Run in process (Flask's test client) on the load table's database and app
(bench/compare.py), after the census and before the servers start.  For a
child (a task with a parent), the parent with its first page of children
embedded (the one with 5,000), the child list's first page and that page
with ``include`` of each child's parent, in every representation: the 200 is
the GET alone, the 304 the same GET with ``If-None-Match`` naming the ETag
the 200 sent.  Each is checked before it is timed (a 200 with an ETag and a
body, a 304 with the same ETag and no body), and every timed answer must
have its status; they are timed alternating, after a warm-up, and the table
gives each one's requests per second and the ratio 304 / 200.

An item's or a list's tag comes from what the managers read
(preconditions.py), so its 304 is decided before the representation formats
the body, but after the request is authenticated and the rows are read and
built into a resource: what it saves is the formatting.  With ``include``
the tag is a digest of the formatted body, and its 304 saves only the bytes
sent: no target.
"""

from .compare import CHILDREN, PARENTS, BenchError, alternating_gets, markdown_table
from .tree import rates_and_medians

ITEM, PAGE = 1.2, 1.4
# The throughput the 304 aims for against the 200 of the same GET, by request (None: no target).  What a
# 304 can reach that still checks the token and reads what the tag says, measured: one statement built
# once, the row's version (or a page's ids and versions) within the user's rows, and a 304, before any
# resource is built, was 1.26x to 1.37x an item's 200 and 1.5x to 1.8x a page's, in process with token
# auth (the token check alone is more than half of an item's 200).  A 304 with include formats the body
# as the 200 does.
TARGETS = {"GET child": ITEM, "GET parent": ITEM, "GET child list": PAGE, "GET child list with include": None}


def requests_of(ids):
    """{label: path} of the GETs measured: a child, the parent of 5,000, the child list and it with ``include``."""
    return {
        "GET child": f"{CHILDREN}{ids['child']}/",
        "GET parent": f"{PARENTS}{ids['large']}/",
        "GET child list": CHILDREN,
        "GET child list with include": f"{CHILDREN}?include=task_board",
    }


def run(client, paths, media_types, headers, requests):
    """Time the 200 and the 304 of each of ``paths`` ({label: path}) in each of ``media_types`` ({name: type}).

    ``headers`` sign in.  Returns the table and its verdict as Markdown;
    BenchError if an answer is not what it should be.
    """
    gets, sizes = [], {}
    for label, path in paths.items():
        for name, media_type in media_types.items():
            plain = {**headers, "Accept": media_type}
            tag, sizes[label, name] = first_answer(client, path, plain)
            gets += [(client, path, plain), (client, path, {**plain, "If-None-Match": tag})]
    seconds = alternating_gets(gets, requests, [200, 304] * (len(gets) // 2))
    keys = [(label, name, status) for label in paths for name in media_types for status in (200, 304)]
    rates, p50 = rates_and_medians(keys, seconds)
    rows, met = [], True
    for label in paths:
        target = TARGETS[label]
        for name in media_types:
            ratio = rates[label, name, 304] / rates[label, name, 200]
            row = [f"{label}, {name}", f"{sizes[label, name]:,}"]
            row += [f"{rates[label, name, status]:.0f}" for status in (200, 304)] + [f"{ratio:.2f}x"]
            row += [f"{p50[label, name, status]:.2f}" for status in (200, 304)]
            row.append("none" if target is None else f">= {target}x")
            met = met and (target is None or ratio >= target)
            rows.append(row)
    header = ["request, representation", "bytes, 200", "req/s, 200", "req/s, 304", "ratio 304 / 200"]
    header += ["p50 ms, 200", "p50 ms, 304", "target"]
    described = ", ".join(f"{label} ({path})" for label, path in paths.items())
    title = (
        f"Conditional GETs: {described}, each answered 200, against the same GET with If-None-Match naming the ETag"
        f" it sent, answered 304 with no body; {requests} requests each, alternating, after a warm-up, in process"
        " (Flask's test client), on the load's database; the ratio is the 304's requests per second to the 200's:"
    )
    verdict = (
        f"Target: the 304 at least {ITEM}x the 200's throughput for an item and {PAGE}x for a page, in every"
        " representation; none with include, whose tag is a digest of the formatted body:"
        f" {'met' if met else 'not met'} in this run."
    )
    return f"{title}\n\n{markdown_table(header, rows)}\n\n{verdict}"


def first_answer(client, path, headers):
    """The ETag and the body's size of a 200 to ``path``, once the same GET with it is checked to answer 304."""
    response = client.get(path, headers=headers)
    tag = response.headers.get("ETag")
    if response.status_code != 200 or not tag or not response.data:
        raise BenchError(f"GET {path} answered {response.status_code} with ETag {tag!r}: {response.data[:200]!r}")
    again = client.get(path, headers={**headers, "If-None-Match": tag})
    if again.status_code != 304 or again.data or again.headers.get("ETag") != tag:
        raise BenchError(
            f"GET {path} with If-None-Match {tag} answered {again.status_code} with ETag"
            f" {again.headers.get('ETag')!r} and {len(again.data)} bytes, not 304 with no body"
        )
    return tag, len(response.data)
