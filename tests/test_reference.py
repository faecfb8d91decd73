"""The reference run's fixture, and how makemore's names.txt is found or downloaded once."""
import hashlib
import http.server
import sys
import threading

import pytest

import reference

no_sockets = pytest.mark.skipif(sys.platform == "emscripten",
                                reason="Pyodide has no sockets to serve or download from")


def test_fixture_holds_karpathys_1000_losses_and_20_samples():
    lines = reference.FIXTURE.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["num docs: 32033", "vocab size: 27", "num params: 4192"]
    losses, samples = reference.reference_run()
    assert len(losses) == 1000 and len(samples) == 20
    assert all(0 < loss < 5 for loss in losses)
    assert len(lines[3].split("| loss ")[1]) > 10  # full precision, not his 4 decimals
    assert samples[:3] == ["kamon", "ann", "karai"]  # as the page quotes them


def test_lookup_order_is_env_then_shared_then_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("MICROGPT_REFERENCE_DIR", str(tmp_path))
    shared = reference.ROOT.parent / "shared" / "reference"
    assert reference.folders() == [tmp_path, shared, reference.CACHE]
    monkeypatch.delenv("MICROGPT_REFERENCE_DIR")
    assert reference.folders() == [shared, reference.CACHE]


@pytest.fixture
def server():
    """A local HTTP server whose one file's bytes a test sets; it counts the requests."""
    served = {"body": b"", "hits": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            served["hits"] += 1
            self.send_response(200)
            self.send_header("Content-Length", str(len(served["body"])))
            self.end_headers()
            self.wfile.write(served["body"])

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    served["url"] = f"http://127.0.0.1:{httpd.server_address[1]}/names.txt"
    yield served
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def nowhere(monkeypatch, tmp_path):
    """No names.txt in any folder; a fresh memo; the cache in tmp_path/cache."""
    monkeypatch.setattr(reference, "folders", lambda: [tmp_path / "empty", tmp_path / "cache"])
    monkeypatch.setattr(reference, "_found", {})
    return tmp_path / "cache"


@no_sockets
def test_download_is_checked_cached_and_done_once(server, nowhere, monkeypatch):
    server["body"] = b"emma\nolivia\n"
    monkeypatch.setattr(reference, "NAMES_SHA256", hashlib.sha256(server["body"]).hexdigest())
    path = reference.find_names(server["url"], nowhere)
    assert path == nowhere / "names.txt" and path.read_bytes() == server["body"]
    assert reference.find_names(server["url"], nowhere) == path
    monkeypatch.setattr(reference, "_found", {})  # a later session finds the cached copy
    assert reference.find_names(server["url"], nowhere) == path
    assert server["hits"] == 1
    assert [p.name for p in nowhere.iterdir()] == ["names.txt"]


@no_sockets
def test_a_download_with_another_sha256_is_refused_and_not_kept(server, nowhere):
    server["body"] = b"<html>a captive portal</html>"
    with pytest.raises(ValueError, match="refused .*sha256") as refused:
        reference.find_names(server["url"], nowhere)
    assert reference.NAMES_SHA256 in str(refused.value)
    assert not nowhere.exists() or not any(nowhere.iterdir())


@no_sockets
def test_offline_and_absent_skips_in_one_line_saying_how(nowhere, monkeypatch):
    monkeypatch.delenv("MICROGPT_REQUIRE_REFERENCE", raising=False)
    monkeypatch.setattr(reference, "find_names", lambda: reference.lookup(
        "http://127.0.0.1:9/names.txt", nowhere))  # port 9 (discard) is closed here
    with pytest.raises(pytest.skip.Exception) as skipped:
        reference.names_path()
    message = str(skipped.value)
    assert "\n" not in message and "MICROGPT_REFERENCE_DIR" in message
    assert "downloading http://127.0.0.1:9/names.txt failed" in message
    monkeypatch.setenv("MICROGPT_REQUIRE_REFERENCE", "1")  # the GitHub workflow: a failure
    with pytest.raises(pytest.fail.Exception):
        reference.names_path()


def test_a_wrong_file_in_the_given_folder_is_named_not_used(monkeypatch, tmp_path):
    (tmp_path / "names.txt").write_text("emma\n")
    monkeypatch.setattr(reference, "folders", lambda: [tmp_path, tmp_path / "cache"])
    monkeypatch.setattr(reference, "_found", {})
    with pytest.raises(ValueError, match="is not makemore's names.txt"):
        reference.find_names("http://127.0.0.1:9/unused", tmp_path / "cache")
