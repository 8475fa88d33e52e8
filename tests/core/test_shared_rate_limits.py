"""Rate limits are shared by all instances when Redis is configured."""

import os
import subprocess
import sys
import uuid

import pytest

REDIS_URL = os.environ.get("ENGAGE_TEST_REDIS_URL")

INSTANCE = """
import sys
from engage import create_app
from engage.config import TestConfig
from engage.extensions import limiter

class Cfg(TestConfig):
    REDIS_URL = sys.argv[1]
    RATELIMIT_KEY_PREFIX = sys.argv[2]

app = create_app(Cfg)
assert app.config["RATELIMIT_STORAGE_URI"] == sys.argv[1]

@app.get("/limited")
@limiter.limit("5 per minute")
def limited():
    return "ok"

client = app.test_client()
print(" ".join(str(client.get("/limited").status_code) for _ in range(3)))
"""


@pytest.mark.redis
@pytest.mark.skipif(
    not REDIS_URL,
    reason="shared rate limits need ENGAGE_TEST_REDIS_URL "
    "(e.g. redis://127.0.0.1:6379/15); .ci/run sets it",
)
def test_two_instances_share_one_limit():
    prefix = f"engage-test-{uuid.uuid4().hex}"

    def run_instance() -> list[int]:
        out = subprocess.run(
            [sys.executable, "-c", INSTANCE, REDIS_URL, prefix],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return [int(code) for code in out.stdout.split()]

    assert run_instance() == [200, 200, 200]
    # The second instance counts on from the first one's requests: 5 per minute in total.
    assert run_instance() == [200, 200, 429]


def test_without_redis_limits_are_kept_in_memory(app):
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
