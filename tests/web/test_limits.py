"""What one Datasette request may cost, and what every response says (datasette/plugins/limits.py),
on a database served read-only and not immutable, as `make serve` serves it."""
from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from datasette.app import Datasette

from pipeline.registry import load_registry
from pipeline.run import run
from pipeline.web.datasette_config import datasette_config
from pipeline.web.serve import DATASETTE_DIR, SETTINGS, config_path_for
from tests.web.test_datasette import write_fixture_corpus

pytestmark = pytest.mark.slow  # they run the pipeline (`pytest -m "not slow"` leaves them out while working)

@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("limits")
    db = tmp / "claims.db"
    assert run(write_fixture_corpus(tmp / "corpus"), db).exit_code == 0
    return Datasette([str(db)], metadata=datasette_config(load_registry(), "claims"),
                     template_dir=str(DATASETTE_DIR / "templates"), plugins_dir=str(DATASETTE_DIR / "plugins"),
                     static_mounts=[("assets", str(DATASETTE_DIR / "static"))],
                     settings={k: int(v) if v.isdigit() else v == "on" for k, v in SETTINGS.items()})


async def test_a_huge_value_fails_at_once_instead_of_building_the_response(served):
    started = time.monotonic()
    response = await served.client.get("/claims.json?sql=select+randomblob(300000000)")
    assert time.monotonic() - started < 2
    assert response.status_code == 400 and "too big" in response.text
    assert len(response.content) < 10_000


async def test_one_query_s_rows_stop_at_the_result_limit(served):
    sql = "select randomblob(20000000) from (select 1 union all select 2 union all select 3)"  # 60 MB of rows
    response = await served.client.get("/claims.json", params={"sql": sql})
    assert response.status_code == 400 and "result larger than 32 MB" in response.text
    ordinary = await served.client.get("/claims/documents.json?_shape=array")
    assert ordinary.status_code == 200 and len(ordinary.json()) == 3


async def test_a_post_is_405_not_500(served):
    for path in ("/claims/contradictions", "/claims", "/claims/documents", "/-/messages"):
        response = await served.client.post(path, data={"x": "1"})
        assert response.status_code == 405, path
        assert response.headers["allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("path", ["/", "/claims", "/claims/documents", "/claims/documents.json", "/claims/documents.csv",
                                  "/claims.json?sql=select+1", "/claims/contradictions.json", "/-/versions.json",
                                  "/claims/no-such-table"])
async def test_every_response_says_nosniff(served, path):
    response = await served.client.get(path)
    assert response.headers.get("x-content-type-options") == "nosniff", (path, response.status_code)


async def test_the_served_database_shows_a_run_s_new_data_without_a_restart(served, tmp_path):
    db = Path(served.get_database("claims").path)
    before = (await served.client.get("/claims/documents.json?_shape=array")).json()
    corpus = db.parent / "corpus"
    (corpus / "gamma.txt").write_text("Gamma\n\nThere are 42 integrated care boards.\n", encoding="utf-8")
    try:
        assert run(corpus, db).processed == ["gamma.txt"]
        after = (await served.client.get("/claims/documents.json?_shape=array")).json()
        assert len(after) == len(before) + 1
    finally:
        (corpus / "gamma.txt").unlink()
        run(corpus, db)


def test_the_configuration_is_written_in_a_private_new_folder(tmp_path):
    planted = Path("/tmp/policy-claims-metadata-claims.json")  # the fixed path once used
    first, second = config_path_for(tmp_path / "claims.db"), config_path_for(tmp_path / "claims.db")
    try:
        assert first.parent != second.parent and first.parent != Path("/tmp")
        assert stat.S_IMODE(os.stat(first.parent).st_mode) == 0o700
        assert first.exists() and not planted.is_symlink()
    finally:
        for path in (first, second):
            path.unlink()
            path.parent.rmdir()


def test_make_serve_stopped_stops_datasette_and_removes_its_configuration(served):
    import re
    import shutil
    import signal
    import socket
    import subprocess
    import sys
    import urllib.request

    from pipeline.paths import ROOT

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = served.get_database("claims").path
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", db, "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        child = subprocess.run(["pgrep", "-fa", "--", f"datasette serve .*--port {port}"], capture_output=True, text=True).stdout
        config = Path(re.search(r"--metadata (\S+)", child).group(1))
        assert config.exists()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        assert not config.parent.exists()
        with pytest.raises(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=1)
    finally:
        proc.kill()
    # killed outright, `serve` still takes Datasette with it
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--db", db, "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (child := subprocess.run(
            ["pgrep", "-f", "--", f"datasette serve .*--port {port}"], capture_output=True, text=True).stdout.split()):
        time.sleep(0.2)
    datasette = int(child[0])
    leftover = Path(re.search(r"--metadata (\S+)", Path(f"/proc/{datasette}/cmdline").read_text().replace("\0", " ")).group(1))
    proc.kill()
    proc.wait()
    shutil.rmtree(leftover.parent)  # serve killed outright cannot remove it
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{datasette}").exists() and \
            "Z" not in Path(f"/proc/{datasette}/stat").read_text().split()[2]:
        time.sleep(0.1)
    assert not Path(f"/proc/{datasette}").exists() or "Z" in Path(f"/proc/{datasette}/stat").read_text().split()[2]
