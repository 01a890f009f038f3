"""A throwaway PostgreSQL cluster for the template's tests.

The server binaries are looked up in ``PG_BIN`` (default: Debian's
PostgreSQL 15).  PostgreSQL refuses to run as root, so as root the cluster
is run as the ``postgres`` user.  It listens on 127.0.0.1 on a free port
and on a private socket directory, and is deleted when the context exits.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVER_USER = "postgres"


def available():
    return (PG_BIN / "initdb").exists() and (PG_BIN / "pg_ctl").exists()


class Cluster:
    def __init__(self, port, data=None, options=None, log=None):
        self.port = port
        self.data, self.options, self.log = data, options, log

    def stop(self, check=True):
        """Stop the server at once, as a crash or an outage would: every connection is cut."""
        _run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=check)

    def start(self):
        """Start the server again on the same port, with what it had."""
        _run(PG_BIN / "pg_ctl", "-D", self.data, "-o", self.options, "-l", self.log, "-w", "start")

    def url(self, database="postgres"):
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name):
        """A new, empty database; returns its URL."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres") as connection:
            connection.autocommit = True
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command):
    if os.geteuid() == 0:
        return ["runuser", "-u", SERVER_USER, "--", *map(str, command)]
    return list(map(str, command))


@contextmanager
def throwaway_cluster():
    root = Path(tempfile.mkdtemp(prefix="ripozo-todo-postgres-"))
    data, sockets = root / "data", root / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        for path in (root, sockets):
            shutil.chown(path, SERVER_USER)
    port = _free_port()
    try:
        _run(PG_BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        cluster = Cluster(port, data, options, root / "server.log")
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.stop(check=False)  # a test may have stopped it
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _run(*command, check=True):
    subprocess.run(_as_server_user(command), check=check, capture_output=True, text=True)
