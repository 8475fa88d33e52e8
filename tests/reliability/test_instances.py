"""Several app instances on one PostgreSQL: sessions end everywhere, the database may go away
and come back, and a gunicorn worker may die during writes without losing a committed one.

These tests run real servers and connections against a database of their own
(``<suite database>_instances``), migrated once for the module.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from reliability_helpers import free_port, make_app, migrate_and_seed, own_database
from sqlalchemy import create_engine, select, text

from engage.core import clock
from engage.extensions import db

pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Bochum-Glueckauf-2026"


@pytest.fixture(scope="module")
def shared_url(tmp_path_factory):
    with own_database("postgresql", "instances", tmp_path_factory.mktemp("instances")) as url:
        migrate_and_seed(make_app(url))
        yield url


def _people_and_ideas(app, people: int, ideas: int) -> tuple[list, list[int]]:
    """Confirmed citizens (with API tokens) and published ideas in a process that collects
    ideas now (by the real clock: the servers run without the test's frozen one)."""
    from engage.accounts.models import User
    from engage.accounts.tokens import create_api_token
    from engage.ideas.models import Idea, IdeaStatus
    from engage.organisations.models import Organisation
    from engage.processes.models import Phase, Process
    from engage.themes.models import Theme

    stamp = time.time_ns()
    with app.app_context():
        now = clock.now()
        users = [
            User(email=f"p{n}-{stamp}@example.org", display_name=f"P {n}", email_confirmed_dt=now)
            for n in range(people)
        ]
        process = Process(
            title="Viele auf einmal",
            slug=f"viele-{stamp}",
            theme=db.session.scalar(select(Theme).limit(1)),
            organisation=db.session.scalar(select(Organisation).limit(1)),
            status="published",
            phases=[Phase(kind="ideas", start_dt=now - timedelta(days=1),
                          end_dt=now + timedelta(days=1))],
        )  # fmt: skip
        db.session.add_all([*users, process])
        db.session.flush()
        rows = []
        for n in range(ideas):
            idea = Idea(process=process, title=f"Idee Nummer {n}", body_source="x", body="x",
                        status="pending")  # fmt: skip
            idea.change_status(IdeaStatus.PUBLISHED)
            rows.append(idea)
        db.session.add_all(rows)
        tokens = [(u.id, create_api_token(u, "last", 1)[1]) for u in users]
        db.session.commit()
        idea_ids = [i.id for i in rows]
        db.session.remove()
    return tokens, idea_ids


# --- sessions ----------------------------------------------------------------------------------


def _instance(url: str):
    from conftest import EngageClient

    app = make_app(url, SECRET_KEY="one-secret-for-every-instance", RATELIMIT_ENABLED=False)
    app.test_client_class = EngageClient
    return app


def _signed_in(app, user_id: int):
    from engage.accounts.models import User

    client = app.test_client()
    with app.app_context():
        client.login(db.session.get(User, user_id))
        db.session.remove()
    return client


def _account_page(app, cookie: str) -> int:
    client = app.test_client()
    client.set_cookie("engage_session", cookie, domain="localhost")
    return client.get("/account/", headers={"Accept-Language": "en"}).status_code


def test_sign_out_and_password_change_end_the_session_on_every_instance(shared_url):
    from engage.accounts.models import User
    from engage.accounts.passwords import hash_password

    one, two = _instance(shared_url), _instance(shared_url)
    with one.app_context():
        user = User(
            email=f"zwei-{time.time_ns()}@example.org",
            display_name="Zwei Instanzen",
            email_confirmed_dt=clock.now(),
            password_hash=hash_password(PASSWORD),
        )
        db.session.add(user)
        db.session.commit()
        user_id = user.id
        db.session.remove()

    # Signed in through instance one; the cookie works on instance two as well.
    client = _signed_in(one, user_id)
    cookie = client.get_cookie("engage_session", domain="localhost").value
    assert _account_page(two, cookie) == 200
    # Signing out on one ends the session on two (a copied cookie is worth nothing).
    response = client.post_form("/account/logout")
    assert response.status_code == 303
    assert _account_page(two, cookie) == 302
    assert _account_page(one, cookie) == 302

    # A password change on two ends the session that began on one, but not two's own.
    client = _signed_in(one, user_id)
    cookie = client.get_cookie("engage_session", domain="localhost").value
    assert _account_page(two, cookie) == 200
    other = _signed_in(two, user_id)
    changed = other.post_form(
        "/account/password",
        {"current_password": PASSWORD, "password": "Ein-ganz-neues-Passwort-77",
         "password_repeat": "Ein-ganz-neues-Passwort-77"},
        headers={"Accept-Language": "en"},
    )  # fmt: skip
    assert changed.status_code in (200, 302, 303)
    with two.app_context():
        assert db.session.get(User, user_id).session_version > 2
        db.session.remove()
    assert _account_page(one, cookie) == 302
    assert _account_page(two, cookie) == 302
    assert other.get("/account/").status_code == 200
    for app in (one, two):
        with app.app_context():
            db.engine.dispose()


# --- the database goes away and comes back -----------------------------------------------------


class TcpProxy:
    """A TCP relay on 127.0.0.1 in front of PostgreSQL that the test can cut and restore."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.open_sockets: list[socket.socket] = []
        self.lock = threading.Lock()

    def up(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(50)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def down(self) -> None:
        """Refuse new connections and cut every open one, as a crashed server would."""
        assert self.listener is not None
        with contextlib.suppress(OSError):  # wakes the accepting thread (close alone does not)
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for sock in self.open_sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.open_sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.open_sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def test_database_away_gives_503_and_the_app_recovers_by_itself(shared_url):
    from sqlalchemy.engine import make_url

    real = make_url(shared_url)
    proxy = TcpProxy((real.host or "127.0.0.1", real.port or 5432))
    proxy.up()
    app = make_app(
        real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
        PROPAGATE_EXCEPTIONS=False,
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 3}},
    )
    client = app.test_client()
    english = {"Accept-Language": "en"}
    try:
        page = client.get("/processes/", headers=english)
        assert page.status_code == 200
        assert client.get("/api/v1/themes").status_code == 200

        proxy.down()
        page = client.get("/processes/", headers=english)
        assert page.status_code == 503
        html = page.get_data(as_text=True)
        assert "Temporarily unavailable" in html
        assert "Please try again in a few minutes" in html
        assert "Traceback" not in html and "psycopg" not in html
        api = client.get("/api/v1/themes")
        assert api.status_code == 503
        assert api.get_json()["error"]["code"] == "unavailable"

        proxy.up()  # the same address again: no restart, no intervention
        page = client.get("/processes/", headers=english)
        assert page.status_code == 200
        assert "Temporarily unavailable" not in page.get_data(as_text=True)
        assert client.get("/api/v1/themes").status_code == 200
    finally:
        with app.app_context():
            db.engine.dispose()
        proxy.down()


# --- a gunicorn worker dies during writes ------------------------------------------------------


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _put(port: int, idea_id: int, token: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/ideas/{idea_id}/support",
        method="PUT",
        headers={"Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except (OSError, urllib.error.URLError):
        return 0  # the connection died with the worker


def test_a_killed_worker_loses_no_committed_write(shared_url):
    from engage.ideas.models import Support

    app = make_app(shared_url)
    tokens, idea_ids = _people_and_ideas(app, people=12, ideas=10)
    port = free_port()
    env = {
        **os.environ,
        "ENGAGE_DATABASE_URL": shared_url,
        "ENGAGE_SECRET_KEY": "gunicorn-test-secret",
        "ENGAGE_RATELIMIT_ENABLED": "0",
        "ENGAGE_PAGE_CACHE_SECONDS": "0",  # no generation file in the checkout's instance/
    }
    env.pop("ENGAGE_REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "2", "--graceful-timeout", "5", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while _put(port, idea_ids[0], "eng_nothing") != 401:
            assert server.poll() is None, server.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        while len(_workers(server.pid)) < 2:
            assert time.monotonic() < deadline, "gunicorn did not start two workers"
            time.sleep(0.2)

        pairs = [(uid, tok, iid) for uid, tok in tokens for iid in idea_ids]  # 120 writes
        answered: list[tuple[int, int, int, bool]] = []  # user, idea, status, after the kill
        lock = threading.Lock()
        jobs = iter(pairs)
        killed = threading.Event()
        victim = _workers(server.pid)[0]

        def writer() -> None:
            while True:
                with lock:
                    job = next(jobs, None)
                    done = len(answered)
                if job is None:
                    return
                if done >= len(pairs) // 3 and not killed.is_set():
                    with lock:
                        if not killed.is_set():
                            os.kill(victim, signal.SIGKILL)  # mid-load, no warning
                            killed.set()
                user_id, token, idea_id = job
                status = _put(port, idea_id, token)
                with lock:
                    answered.append((user_id, idea_id, status, killed.is_set()))

        threads = [threading.Thread(target=writer) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(180)
        assert killed.is_set()
        assert len(answered) == len(pairs)

        ok = {(user, idea) for user, idea, status, _ in answered if 200 <= status < 300}
        after_kill = [status for _u, _i, status, late in answered if late]
        # The other worker (and the one the master starts instead) kept serving.
        assert sum(1 for status in after_kill if 200 <= status < 300) >= len(after_kill) // 2
        assert all(status in (0, 200) for *_x, status, _late in answered)

        engine = create_engine(shared_url.replace("postgresql://", "postgresql+psycopg://", 1))
        try:
            with engine.connect() as conn:
                stored = set(
                    conn.execute(
                        select(Support.user_id, Support.idea_id).where(
                            Support.idea_id.in_(idea_ids)
                        )
                    ).all()
                )
                counters = dict(
                    conn.execute(
                        text("SELECT id, supports_count FROM ideas WHERE id = ANY(:ids)"),
                        {"ids": idea_ids},
                    ).all()
                )
        finally:
            engine.dispose()
        assert ok <= stored  # every answered write is there
        assert len(ok) >= len(pairs) // 2
        for idea_id in idea_ids:  # and every counter equals its rows
            assert counters[idea_id] == sum(1 for _u, i in stored if i == idea_id)
        # Serving goes on after the kill: a new request is answered.
        assert _put(port, idea_ids[0], tokens[0][1]) == 200
        assert victim not in _workers(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(5)
