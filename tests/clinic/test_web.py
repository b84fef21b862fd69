"""The clinic page: 401 without or with a wrong credential, 200 with the right one, never data without auth."""
import base64
import os
import subprocess
import sys
import threading
import time

import pytest
import requests

from clinic.web import ClinicConfigError, clinic_token, is_authorized, make_server
from tests.conftest import ROOT, free_port

TOKEN = "clinic-test-token-8f3a9c2e71"
SECRET_BITS = ["metformin", "suicidal", "pregnancy", "Deflection", "37.5%", "pat-"]


def basic(password, user="clinic"):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def page(seeded_today):
    server = make_server(TOKEN, "127.0.0.1", free_port())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def assert_no_data(response):
    for bit in SECRET_BITS:
        assert bit not in response.text
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": basic("wrong-token-but-long-enough")},
    {"Authorization": basic(TOKEN[:-1])},
    {"Authorization": basic(TOKEN + "x")},
    {"Authorization": basic("")},
    {"Authorization": "Bearer wrong-token-but-long-enough"},
    {"Authorization": "Basic " + base64.b64encode(TOKEN.encode()).decode()},  # no "user:" part
    {"Authorization": "Basic %%%not-base64%%%"},
    {"Authorization": TOKEN},  # no scheme
    {"Authorization": f"Digest {TOKEN}"},
], ids=["none", "wrong", "prefix", "longer", "empty", "wrong-bearer", "no-colon", "garbage", "bare", "digest"])
def test_without_the_right_credential_401_and_no_data(page, headers):
    for path in ("/", "/?days=7", "/report.html", "/../etc/passwd"):
        response = requests.get(page + path, headers=headers, timeout=30)
        assert response.status_code == 401, path
        assert response.headers["WWW-Authenticate"] == 'Basic realm="FlareCare clinic", charset="UTF-8"'
        assert_no_data(response)
    response = requests.post(page + "/", headers=headers, data={"days": "7"}, timeout=30)
    assert response.status_code == 401
    assert_no_data(response)


def test_with_the_token_the_report(page):
    response = requests.get(page + "/", headers={"Authorization": basic(TOKEN)}, timeout=60)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    html = response.text
    assert "<b>37.5%</b>" in html and "Can I take it with metformin?" in html
    assert html.count('src="data:image/png;base64,') == 4
    assert "<script" not in html and "&lt;script&gt;" in html  # the patient's words are escaped


def test_any_user_name_and_bearer_work(page):
    assert requests.get(page + "/", headers={"Authorization": basic(TOKEN, user="")}, timeout=60).status_code == 200
    assert requests.get(page + "/", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60).status_code == 200


def test_period_and_paths_after_authentication(page):
    auth = {"Authorization": basic(TOKEN)}
    assert requests.get(page + "/?days=7", headers=auth, timeout=60).status_code == 200
    for days in ("0", "367", "abc", "-1"):
        assert requests.get(page + f"/?days={days}", headers=auth, timeout=30).status_code == 400
    assert requests.get(page + "/elsewhere", headers=auth, timeout=30).status_code == 404
    assert requests.post(page + "/", headers=auth, timeout=30).status_code == 405


def test_authorization_rules():
    assert is_authorized(basic(TOKEN), TOKEN) and is_authorized(f"bearer {TOKEN}", TOKEN)
    assert not is_authorized(None, TOKEN) and not is_authorized("", TOKEN)
    assert not is_authorized(basic("é" + TOKEN), TOKEN)
    assert is_authorized(basic("pässwörd-long-enough-1"), "pässwörd-long-enough-1")  # UTF-8 tokens


def test_the_page_refuses_to_start_without_a_proper_token():
    with pytest.raises(ClinicConfigError, match="FLARECARE_CLINIC_TOKEN is not set"):
        clinic_token({})
    with pytest.raises(ClinicConfigError, match="FLARECARE_CLINIC_TOKEN is not set"):
        clinic_token({"FLARECARE_CLINIC_TOKEN": "   "})
    with pytest.raises(ClinicConfigError, match="too short"):
        clinic_token({"FLARECARE_CLINIC_TOKEN": "short"})
    with pytest.raises(ClinicConfigError):
        make_server("", "127.0.0.1", 0)
    assert clinic_token({"FLARECARE_CLINIC_TOKEN": TOKEN}) == TOKEN


def _command(tmp_path, *args, token=None):
    env = {k: v for k, v in os.environ.items() if k not in ("FLARECARE_CLINIC_TOKEN", "FLARECARE_DATABASE_URL")}
    env.update(FLARECARE_DATA_DIR=str(tmp_path), PYTHONPATH=str(ROOT))
    if token is not None:
        env["FLARECARE_CLINIC_TOKEN"] = token
    return [sys.executable, "-m", "clinic", "serve", *args], env


@pytest.mark.parametrize("token", [None, "", "too-short"])
def test_serve_command_exits_without_a_token(tmp_path, token):
    command, env = _command(tmp_path, "--port", str(free_port()), token=token)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "clinic page not started: FLARECARE_CLINIC_TOKEN" in result.stderr


def test_serve_command_end_to_end_logs_nothing_about_patients(seeded_today, tmp_path):
    port = free_port()
    command, env = _command(seeded_today.data_dir, "--port", str(port), token=TOKEN)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                first = requests.get(url, timeout=5)
                break
            except requests.ConnectionError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
                time.sleep(0.3)
        assert first.status_code == 401
        assert requests.get(url + "?days=14", headers={"Authorization": basic(TOKEN)}, timeout=60).status_code == 200
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)
    logs = out + err
    assert "Clinic report page: http://127.0.0.1:" in out
    for bit in ["metformin", TOKEN, "GET /", "days=14", "pat-"]:
        assert bit not in logs
