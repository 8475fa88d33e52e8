"""Cache of the public pages for visitors who are not signed in.

A few public GET endpoints (:data:`CACHED_ENDPOINTS`: home, a process's ideas, an idea page,
``GET /api/v1/ideas``) keep their rendered response for ``PAGE_CACHE_SECONDS`` (0 switches the
cache off; the tests run without it). Only anonymous requests are served from it and fill it:
no signed-in user (session or remember cookie), no ``Authorization`` header, nothing in the
session but the CSRF token and the chosen language (so no flashed message, no random order).
The key is the path with its query string, the language and the current *generation*.

**Invalidation.** Every database commit that wrote something (an ORM flush or an
INSERT/UPDATE/DELETE through the session) bumps the generation, so that every entry is out of
date at once — a support, a comment, a moderator's decision or an edit in the admin shows on
the next anonymous request. A citizen who acted is signed in and never gets a cached page, so
they never see a count from before their own action. What changes without a commit (a phase
starting at midnight) shows after at most ``PAGE_CACHE_SECONDS``.

**Where.** With ``ENGAGE_REDIS_URL`` the entries and the generation live in Redis: shared by
every worker and instance. Without it the entries live in each worker's memory (bounded LRU)
and the generation is a small file in the instance folder, so that a write in one gunicorn
worker invalidates the pages of the others on the same machine too.

**CSRF.** Every page carries the language switch with a CSRF token bound to the visitor's
session. A stored page has its token replaced by a marker, and each hit writes the visitor's own
token back, exactly as the page would have been rendered for them.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_app_context, request, session
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event
from sqlalchemy.orm import Session

CACHED_ENDPOINTS = frozenset(
    {
        "site.home",
        "ideas.index",
        "ideas.detail",
        "api.ideas_list",
    }
)
# Session keys an anonymous page may carry and still be shared.
NEUTRAL_SESSION_KEYS = frozenset({"csrf_token", "lang", "_permanent", "_fresh"})
CSRF_MARKER = b"\x00engage-csrf\x00"
MIMETYPES = ("text/html", "application/json")
# Not kept with a page: set again for each response (cookies, length, type, security headers).
UNSHARED_HEADERS = frozenset(
    {"set-cookie", "content-length", "content-type", "x-page-cache", "vary"}
    | {"content-security-policy", "x-content-type-options", "referrer-policy"}
    | {"permissions-policy", "x-frame-options", "cross-origin-opener-policy"}
    | {"strict-transport-security"}
)
LOCAL_MAX_ENTRIES = 500
PREFIX = "engage:page:"


class LocalStore:
    """Entries in this process (bounded LRU), the generation in a file shared by the workers."""

    def __init__(self, generation_file: Path, max_entries: int = LOCAL_MAX_ENTRIES) -> None:
        self.entries: OrderedDict[str, tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()
        self.max_entries = max_entries
        self.file = generation_file

    def generation(self) -> str:
        try:
            stat = self.file.stat()
        except FileNotFoundError:
            return "0"
        return f"{stat.st_ino}.{stat.st_mtime_ns}"

    def bump(self) -> None:
        with self.lock:  # this worker's entries go first, even if the file cannot be written
            self.entries.clear()
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_name(f"{self.file.name}.{os.getpid()}.{threading.get_ident()}")
        temporary.write_text(f"{time.time_ns()}\n")
        os.replace(temporary, self.file)  # a new inode: every worker sees a new generation

    def get(self, key: str) -> Any:
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            expires, value = entry
            if expires < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return value

    def set(self, key: str, value: Any, seconds: int) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + seconds, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)


class RedisStore:
    """Entries and generation in Redis: shared by every worker and instance."""

    def __init__(self, url: str) -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)

    def generation(self) -> str:
        value = self.client.get(PREFIX + "generation")
        return value.decode() if value else "0"

    def bump(self) -> None:
        self.client.incr(PREFIX + "generation")

    def get(self, key: str) -> Any:
        raw = self.client.hgetall(PREFIX + key)
        if not raw:
            return None
        return raw[b"mimetype"].decode(), raw[b"body"], json.loads(raw[b"headers"])

    def set(self, key: str, value: Any, seconds: int) -> None:
        mimetype, body, headers = value
        pipe = self.client.pipeline()
        pipe.hset(
            PREFIX + key,
            mapping={"mimetype": mimetype, "body": body, "headers": json.dumps(headers)},
        )
        pipe.expire(PREFIX + key, seconds)
        pipe.execute()


def store_for(app: Flask) -> LocalStore | RedisStore | None:
    """The app's store, made on first use; None while ``PAGE_CACHE_SECONDS`` is 0."""
    if not app.config.get("PAGE_CACHE_SECONDS"):
        return None
    store = app.extensions.get("engage_pagecache")
    if store is None:
        if app.config.get("REDIS_URL"):
            store = RedisStore(app.config["REDIS_URL"])
        else:
            path = app.config.get("PAGE_CACHE_GENERATION_FILE") or Path(app.instance_path) / (
                "page-cache.generation"
            )
            store = LocalStore(Path(path))
        app.extensions["engage_pagecache"] = store
    return store


def invalidate(app: Flask | None = None) -> None:
    """Make every cached page out of date (called after each writing commit)."""
    app = app or (current_app._get_current_object() if has_app_context() else None)
    store = store_for(app) if app is not None else None
    if store is not None:
        try:
            store.bump()
        except Exception:  # Redis away: pages are then not served from it either
            app.logger.exception("page cache: could not invalidate")


def _anonymous() -> bool:
    if request.method != "GET" or request.headers.get("Authorization"):
        return False
    if request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")):
        return False
    return set(session.keys()) <= NEUTRAL_SESSION_KEYS


def _key(store: LocalStore | RedisStore) -> str:
    return f"{store.generation()}:{get_locale()}:{request.full_path}"


def _serve_cached():
    g.page_cache_key = None
    store = store_for(current_app)
    if store is None or request.endpoint not in CACHED_ENDPOINTS or not _anonymous():
        return None
    try:
        key = _key(store)
        hit = store.get(key)
    except Exception:  # Redis away: render the page as usual
        current_app.logger.warning("page cache unavailable", exc_info=True)
        return None
    g.page_cache_key = key
    if hit is None:
        return None
    mimetype, body, headers = hit
    if CSRF_MARKER in body:
        body = body.replace(CSRF_MARKER, generate_csrf().encode())
    g.page_cache_key = None  # nothing to store
    response = current_app.response_class(body, mimetype=mimetype)
    for name, value in headers:
        response.headers.add(name, value)
    response.headers["X-Page-Cache"] = "hit"
    return response


def _store(response):
    key = g.pop("page_cache_key", None)
    if (
        key is None
        or response.status_code != 200
        or response.direct_passthrough
        or response.mimetype not in MIMETYPES
        or not set(session.keys()) <= NEUTRAL_SESSION_KEYS  # the view stored something personal
    ):
        return response
    body = response.get_data()
    token = g.get("csrf_token")  # flask_wtf keeps the token it rendered here
    if token:
        body = body.replace(token.encode(), CSRF_MARKER)
    headers = [
        [name, value]
        for name, value in response.headers.items()
        if name.lower() not in UNSHARED_HEADERS
    ]
    try:
        store_for(current_app).set(
            key, (response.mimetype, body, headers), current_app.config["PAGE_CACHE_SECONDS"]
        )
    except Exception:
        current_app.logger.warning("page cache unavailable", exc_info=True)
        return response
    response.headers["X-Page-Cache"] = "miss"
    return response


# --- invalidation: after every commit that wrote -----------------------------------------------


@event.listens_for(Session, "after_flush")
def _flushed(session, flush_context):
    session.info["engage_wrote"] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state):
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["engage_wrote"] = True


@event.listens_for(Session, "after_commit")
def _committed(session):
    if session.info.pop("engage_wrote", False):
        invalidate()


@event.listens_for(Session, "after_rollback")
def _rolled_back(session):
    if not session.in_transaction():
        session.info.pop("engage_wrote", None)


def init_app(app: Flask) -> None:
    """Install the hooks; they do nothing while ``PAGE_CACHE_SECONDS`` is 0."""
    app.before_request(_serve_cached)
    app.after_request(_store)
