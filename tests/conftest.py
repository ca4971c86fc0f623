"""Shared fixtures: the seed articles, three unrelated hand-written stories, and article builders."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

TESTS = Path(__file__).resolve().parent

# The property tests try the same examples on every run (derived from each test), so a clean clone's CI run gives
# the result the last local run gave. HYPOTHESIS_PROFILE=explore draws new random examples, ten times as many, to
# look for counterexamples; each one found becomes an explicit test.
settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
EXPLORING = os.environ.get("HYPOTHESIS_PROFILE", "repeatable") == "explore"
settings.load_profile("explore" if EXPLORING else "repeatable")

if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    # Started in the background by a shell without job control (`cmd &`, nohup), the tests inherit SIGINT
    # ignored, and so would the tracer processes they start: the Ctrl-C tests need it answered as at a terminal
    # (a handled signal is reset to its default in a child process, where Python answers it again).
    signal.signal(signal.SIGINT, signal.default_int_handler)


def fresh_python(code: str, timeout: float = 60) -> str:
    """The stdout of `code` run by a new Python process, from the repository with the tests folder importable
    (as conftest's stories are): what a new `tracer` process imports, not what this test process has."""
    path = os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, check=True,
                          cwd=TESTS.parent, env={**os.environ, "PYTHONPATH": path})
    return done.stdout


STORY = """\
Syrian government troops backed by Russian air power have driven militants out of the ancient city of Palmyra after a three-week offensive, state television said on Sunday.
Army engineers began clearing mines laid around the Roman-era ruins, and the governor of Homs province said residents could return within weeks.
Officials described the recapture as the most significant defeat the group had suffered since it declared its caliphate two years ago.
Archaeologists warned that the damage to the temples and the museum would take years to assess and that looted artefacts had been sold abroad.
The United Nations cultural agency welcomed the news but urged all sides to protect what remains of the heritage site.
Western governments were cautious, saying the offensive had done little to bring a political settlement closer.
"""

HARBOUR = """\
Dock workers at the northern harbour walked off the job on Tuesday, halting container traffic for the second time this month.
The union said talks over pay and night shifts had collapsed after management refused to improve its offer.
Shipping companies diverted several vessels to a smaller terminal down the coast, where queues of lorries stretched for kilometres.
Retailers warned that shelves could run short of fresh fruit and electronics before the holiday season.
The transport minister called both sides to a meeting on Thursday and said the government would not rule out mediation.
Economists estimated that each day of the stoppage costs exporters tens of millions in delayed deliveries.
"""

FLOOD = """\
Heavy rain swept across the valley overnight, flooding farmland and cutting power to thousands of homes.
Rescue teams used boats to reach villagers stranded on rooftops, and two bridges were closed after the river burst its banks.
Forecasters expect more storms later in the week as a slow-moving low-pressure system settles over the region.
Farmers said the wheat harvest, already delayed by a cold spring, could be lost in the worst-hit districts.
Local authorities opened schools and sports halls as shelters and appealed for donations of blankets and drinking water.
Insurance firms said it was too early to estimate the cost of the damage.
"""

NEWS_WORDS = tuple("""
army city militants airstrikes embassy government minister foreign office spokesman ancient temple ruins
palmyra syria russia britain victory conflict regime recapture forces troops province governor weekend
soldiers tanks rocket launchers ammunition report statement monday sunday diplomats meeting brussels aleppo
opposition terrorism heritage unesco site harbour workers union strike talks vessels terminal lorries
retailers shelves fruit electronics holiday transport mediation economists exporters deliveries rain valley
farmland power homes rescue boats villagers rooftops bridges river banks forecasters storms pressure region
farmers wheat harvest spring districts authorities schools shelters donations blankets water insurance
damage museum archaeologists artefacts engineers mines residents caliphate offensive settlement parliament
election candidates ballots turnout coalition budget taxes pensions hospitals doctors nurses vaccine
""".split())


def make_article(seed: int, n_sentences: int = 8, words: tuple[str, ...] = NEWS_WORDS) -> str:
    """A deterministic article of news-like sentences (8 to 16 distinct words each) drawn from `words`."""
    rng = random.Random(seed)
    out = []
    for _ in range(n_sentences):
        picked = rng.sample(words, rng.randint(8, 16))
        out.append(" ".join(picked).capitalize() + ".")
    return " ".join(out)


@pytest.fixture
def seeds_dir() -> Path:
    """The repository's seeds/ folder, found from the tests folder (not from the working directory)."""
    folder = TESTS.parent / "seeds"
    assert folder.is_dir(), folder
    return folder


@pytest.fixture
def story() -> str:
    return STORY


@pytest.fixture
def harbour() -> str:
    return HARBOUR


@pytest.fixture
def flood() -> str:
    return FLOOD


@pytest.fixture
def article():
    """`article(seed, n_sentences=8)`: a deterministic news-like text."""
    return make_article


def seed_vocabulary() -> tuple[str, ...]:
    """The distinct words of four letters or more in the seed articles: a real news vocabulary."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((TESTS.parent / "seeds").glob("*.txt")))
    return tuple(sorted(set(re.findall(r"[a-z]{4,}", text.lower()))))


@pytest.fixture
def wide_article():
    """`wide_article(seed, n_sentences=8)`: like `article`, drawn from the seeds' vocabulary (780
    words), so that two such texts share words about as seldom as two unrelated news stories do. (`article`
    draws from 113 words: two of its texts share nearly all their words, so nearby words of theirs
    match by chance: a window of one shares 40% of its words with some window of another.)"""
    vocabulary = seed_vocabulary()
    return lambda seed, n_sentences=8: make_article(seed, n_sentences, vocabulary)


@pytest.fixture
def write_files(tmp_path):
    """`write_files({"rel/path.txt": text or bytes, ...})` writes under tmp_path and returns tmp_path."""

    def write(files: dict[str, str | bytes], root: Path = tmp_path) -> Path:
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write


# -- index backends: an SQLite file, and a real redis-server started for the session ------------------

def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """`redis://127.0.0.1:PORT`: a redis-server of our own on a free loopback port, in a temporary folder."""
    import shutil
    import subprocess
    import time

    import redis

    exe = shutil.which("redis-server")
    if exe is None:
        pytest.skip("redis-server is not installed (scripts/setup --test installs it)")
    port, folder = _free_port(), tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
                             "--appendonly", "no", "--databases", "64"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}"
    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.025)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


_REDIS_DB = iter(range(1, 1 << 30))


@pytest.fixture(params=["sqlite", "redis"])
def index_target(request, tmp_path) -> str:
    """An empty index target on each backend: an SQLite file path, or a freshly flushed Redis database."""
    if request.param == "sqlite":
        return str(tmp_path / "index.sqlite")
    import redis

    url = f"{request.getfixturevalue('redis_server')}/{next(_REDIS_DB) % 64}"
    redis.Redis.from_url(url).flushdb()
    return url
