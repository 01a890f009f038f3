"""The README's first command: ``make demo`` bakes the default project and serves it, as a new user runs it."""

import json
import os
import signal
import subprocess
import urllib.request

from helpers import TEMPLATE, clean_environment, write_user_config
from serving import free_port, post_json, wait_for


def test_make_demo_bakes_the_default_project_and_serves_it(tmp_path):
    port = free_port()
    root = f"http://127.0.0.1:{port}/api"
    # The user config keeps cookiecutter's replay file in tmp_path; no SECRET_KEY, as on a new machine.
    environment = clean_environment(COOKIECUTTER_CONFIG=str(write_user_config(tmp_path)))
    environment.pop("SECRET_KEY", None)
    command = ["make", "demo", f"BUILD={tmp_path / 'build'}", f"PORT={port}"]
    log = tmp_path / "demo.log"
    with log.open("w") as output:
        demo = subprocess.Popen(
            command, cwd=TEMPLATE, env=environment, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            # The first run makes the project's virtualenv and installs it before serving.
            index = wait_for(f"{root}/", demo, timeout=420)
            assert index.status == 200, log.read_text()
            assert index.headers["Content-Type"] == "application/vnd.siren+json"
            board = post_json(f"{root}/taskboard/", {"title": "Groceries"})
            read = urllib.request.Request(board["links"][0]["href"], headers={"Accept": "application/hal+json"})
            with urllib.request.urlopen(read, timeout=10) as answer:
                assert json.load(answer)["title"] == "Groceries"
        finally:
            os.killpg(demo.pid, signal.SIGTERM)
            demo.wait(timeout=60)
    served = log.read_text()
    # Served by gunicorn with the project's gunicorn.conf.py: its access log names each request's id.
    assert "Starting gunicorn" in served and "request_id=" in served, served[-3000:]
