"""Benchmark kg's whole ingest against the spaCy pipeline alone, ``--jobs 2`` against ``--jobs 1``,
and the peak memory of ingesting 1,000 articles.

One run writes seeded synthetic news articles (headline first line, 250-400 words, a JSON sidecar
with title, publisher, url, published) into a temporary folder, then measures:

1. **ingest vs spaCy, in this process, on the same texts.** The spaCy pipeline alone is kg's own
   ``nlp`` object (``kg.extract.nlp.load_nlp()``) run as ``nlp.pipe(texts, batch_size=16)`` over
   ``parse_form(text)`` of every article, consuming every doc. It runs before and after the ingest;
   the faster of the two is the baseline (the conservative choice for the ratio). The whole ingest
   is ``kg.jobs.ingest.ingest_paths(store, [folder], jobs=1)`` into a fresh on-disk store (the default
   embedded Oxigraph), after a warm-up ingest of three other articles so that model loading and
   matcher building are reported apart. Target: ingest <= 1.5 x spaCy.
2. **``kg ingest --jobs 2`` vs ``--jobs 1``**: the real CLI in subprocesses, fresh store each.
3. **peak memory**: ``ru_maxrss`` of a ``kg ingest`` subprocess over ``--memory-articles``
   articles (default 1,000); RSS of the process tree is also sampled. Target: <= 1.5 GB.
4. **where the non-spaCy time goes**: ~50 articles parsed up front, then extraction and graph
   writing timed, and profiled with cProfile (top costs by own time and by cumulative time).

Every phase also records CPU used by other processes on the machine, so a run disturbed by other
work can be told from a slow one.

    python bench/bench_ingest.py                    # 500 articles, memory on 1,000 (several minutes)
    python bench/bench_ingest.py --quick            # 60 articles, memory on 120 (about a minute)
    python bench/bench_ingest.py --articles 1000 --json out.json
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import timeit
from datetime import date, timedelta
from pathlib import Path
from random import Random

ROOT = Path(__file__).resolve().parent.parent
try:  # the kg on the path (an install, or a snapshot via PYTHONPATH); else this checkout's
    import kg  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT))

DEFAULT_ARTICLES = 500
DEFAULT_MEMORY_ARTICLES = 1000
QUICK_ARTICLES = 60
QUICK_MEMORY_ARTICLES = 120
PROFILE_ARTICLES = 50
TARGET_RATIO = 1.5
TARGET_PEAK_BYTES = 1.5e9  # 1.5 GB (decimal; 1,430 MiB)

# ------------------------------------------------------------------------------------------------
# Synthetic articles. Everything below is written for this benchmark: templates and word lists,
# filled from a seeded Random, so article i is the same for the same seed on every machine.
# ------------------------------------------------------------------------------------------------

# name, adjective, capital, armed forces, people pool
STATES = {
    "North Korea": ("North Korean", "Pyongyang", "the Korean People's Army", "ko"),
    "South Korea": ("South Korean", "Seoul", "the South Korean military", "ko"),
    "China": ("Chinese", "Beijing", "the People's Liberation Army", "zh"),
    "Taiwan": ("Taiwanese", "Taipei", "Taiwan's coast guard", "zh"),
    "Japan": ("Japanese", "Tokyo", "the Japan Self-Defense Forces", "ja"),
    "Russia": ("Russian", "Moscow", "Russian troops", "sl"),
    "Ukraine": ("Ukrainian", "Kyiv", "Ukraine's armed forces", "sl"),
    "Belarus": ("Belarusian", "Minsk", "Belarusian border guards", "sl"),
    "Poland": ("Polish", "Warsaw", "Polish soldiers", "sl"),
    "India": ("Indian", "New Delhi", "the Indian Army", "in"),
    "Pakistan": ("Pakistani", "Islamabad", "Pakistan's army", "in"),
    "Israel": ("Israeli", "Jerusalem", "the Israel Defense Forces", "me"),
    "Syria": ("Syrian", "Damascus", "Syrian government forces", "me"),
    "Armenia": ("Armenian", "Yerevan", "Armenian troops", "ca"),
    "Azerbaijan": ("Azerbaijani", "Baku", "Azerbaijan's armed forces", "ca"),
    "Sudan": ("Sudanese", "Khartoum", "the Sudanese army", "af"),
    "Ethiopia": ("Ethiopian", "Addis Ababa", "Ethiopian federal forces", "af"),
    "Venezuela": ("Venezuelan", "Caracas", "Venezuela's national guard", "la"),
    "Colombia": ("Colombian", "Bogota", "the Colombian army", "la"),
    "the Philippines": ("Philippine", "Manila", "the Philippine navy", "ph"),
}

# rival or neighbouring pairs: (a, b, border or contested area, places near it)
PAIRS = [
    ("North Korea", "South Korea", "the Demilitarized Zone", ["Panmunjom", "the Imjin River", "Yeonpyeong Island", "Kaesong"]),
    ("Russia", "Ukraine", "the front line in the Donbas", ["Kharkiv", "Zaporizhzhia", "the Dnipro River", "Kupiansk"]),
    ("Belarus", "Poland", "the Polish-Belarusian border", ["the Bialowieza Forest", "Kuznica", "Bialystok"]),
    ("India", "Pakistan", "the Line of Control", ["Kashmir", "Poonch", "the Neelum Valley", "Uri"]),
    ("China", "Taiwan", "the Taiwan Strait", ["Kinmen", "the Matsu Islands", "Penghu"]),
    ("Israel", "Syria", "the Golan Heights", ["Quneitra", "Mount Hermon", "the Yarmouk valley"]),
    ("Azerbaijan", "Armenia", "the Armenian-Azerbaijani border", ["Syunik", "the Lachin corridor", "Tavush"]),
    ("Sudan", "Ethiopia", "the al-Fashaga border region", ["Gallabat", "Metema", "Gedaref"]),
    ("Venezuela", "Colombia", "the Tachira River", ["Cucuta", "San Antonio del Tachira", "Arauca"]),
    ("China", "the Philippines", "the South China Sea", ["Second Thomas Shoal", "Scarborough Shoal", "Palawan"]),
    ("North Korea", "Japan", "the Sea of Japan", ["Hokkaido", "Niigata", "the Oga Peninsula"]),
]

MEDIATORS = ["the United States", "the United Nations", "the European Union", "China", "Turkey",
             "Qatar", "the African Union", "Japan", "Norway", "Switzerland"]

PEOPLE = {
    "ko": ["Kim Sung-ho", "Park Ji-won", "Lee Min-jae", "Choi Eun-ha", "Han Dong-hyun", "Jung Soo-yeon"],
    "zh": ["Wang Lihua", "Chen Jianguo", "Lin Mei-ling", "Zhao Wenbin", "Huang Yu-ting", "Liu Haoran"],
    "ja": ["Sato Haruki", "Tanaka Yumi", "Yamamoto Kenji", "Watanabe Aiko", "Kobayashi Ren"],
    "sl": ["Oleg Petrenko", "Irina Volkova", "Tomasz Wrobel", "Anna Kowalczyk", "Dmitry Sokolov", "Olena Marchenko"],
    "in": ["Arjun Mehta", "Sana Qureshi", "Vikram Rao", "Imran Siddiqui", "Priya Nair", "Bilal Ahmed"],
    "me": ["Yael Cohen", "Omar Haddad", "Avi Levin", "Rania Khoury", "Daniel Mizrahi", "Khaled Nasser"],
    "ca": ["Armen Hakobyan", "Leyla Aliyeva", "Tigran Petrosyan", "Rashad Mammadov", "Ani Grigoryan"],
    "af": ["Abdel Rahman Osman", "Selam Tesfaye", "Hamid Yousif", "Meron Alemu", "Amna Ibrahim"],
    "la": ["Carlos Mendoza", "Lucia Herrera", "Andres Castillo", "Gabriela Rojas", "Diego Salazar"],
    "ph": ["Maria Santos", "Jose Reyes", "Ramon Dela Cruz", "Teresa Villanueva", "Miguel Bautista"],
    "en": ["Sarah Whitfield", "James Holloway", "Emily Carter", "Michael Brennan", "Laura Jensen", "David Okafor"],
}
ROLES = ["Defence Minister", "Foreign Minister", "President", "Prime Minister", "Interior Minister",
         "army spokesman", "military spokeswoman", "General", "Colonel", "deputy foreign minister"]
ANALYST_PLACES = ["the Institute for Regional Security", "Harbourview University", "the Centre for Border Studies",
                  "the Meridian Policy Forum", "the Eastern Strategy Group"]
PUBLISHERS = ["The Daily Meridian", "Harbor Post", "Northern Ledger", "Global Wire Service", "The Evening Courier",
              "Continental Times", "The Lantern Review"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "a dozen"]
TOPICS = ["the release of detained fishermen", "a new hotline between the two militaries", "border demarcation",
          "prisoner exchanges", "humanitarian access", "the return of displaced families", "water rights",
          "reducing troops along the frontier", "reopening a border crossing", "maritime patrol rules"]
GOALS = ["reopen a border crossing", "exchange prisoners", "pull back heavy weapons", "set up a military hotline",
         "allow aid convoys through", "extend a ceasefire by 90 days", "resume family reunions",
         "share river water data"]

OPINIONS = [
    "This is a reckless provocation, and it should not go unanswered.",
    "Frankly, the talks look more like a carefully staged show than a genuine effort at peace.",
    "It is hard to see how any of this makes ordinary people safer.",
    "The world cannot afford to look away from yet another dangerous escalation.",
    "Critics say the deal is naive and rewards bad behaviour.",
    "Sadly, the people who live near the border always pay the highest price.",
    "What the incident really shows is how brittle the regime has become.",
    "Both governments would be wise to lower the temperature before a mistake turns into a war.",
    "It is a shameful episode that exposes the emptiness of official promises.",
    "One can only admire the courage it takes to make such a desperate journey.",
    "The agreement is a modest but welcome step, and it deserves cautious support.",
    "Such brutal tactics are unacceptable in any century.",
]


class Article:
    """One synthetic article: its text and sidecar."""

    def __init__(self, text: str, meta: dict) -> None:
        self.text, self.meta = text, meta


def _time_phrases(rng: Random, published: date) -> dict[str, str]:
    """Time expressions relative to the publication date (the lead time is within the last week)."""
    back = rng.randint(1, 6)
    day = published - timedelta(days=back)
    past_month = MONTHS[(published.month - 1 - rng.randint(2, 10)) % 12]
    past_year = published.year - rng.randint(2, 9)
    lead = rng.choice([f"on {WEEKDAYS[day.weekday()]}", f"late on {WEEKDAYS[day.weekday()]}",
                       f"on {WEEKDAYS[day.weekday()]} morning", f"on {MONTHS[day.month - 1]} {day.day}",
                       f"early on {WEEKDAYS[day.weekday()]}"])
    return {"lead": lead, "past": rng.choice([f"last {past_month}", f"in {past_year}", f"in early {past_year}",
                                              "two years ago", f"in {past_month} {past_year}"]),
            "year": str(past_year), "later": rng.choice(["next month", "later this week", "within days",
                                                          f"before the end of {published.year}"])}


def _an(word: str) -> str:
    return ("an " if word[0] in "AEIOU" else "a ") + word


def _q(text: str, curly: bool) -> str:
    return f"\u201c{text}\u201d" if curly else f'"{text}"'


def make_article(i: int, seed: int) -> Article:
    """Article ``i`` of the corpus for ``seed``: headline, then 250-400 words in paragraphs."""
    rng = Random(seed * 1_000_003 + i)
    a, b, border, places = rng.choice(PAIRS)
    if rng.random() < 0.5:
        a, b = b, a
    adj_a, cap_a, forces_a, pool_a = STATES[a]
    adj_b, cap_b, forces_b, pool_b = STATES[b]
    mediator = rng.choice([m for m in MEDIATORS if m not in (a, b)])
    place = rng.choice(places)
    published = date(2023, 1, 1) + timedelta(days=rng.randint(0, 900))
    t = _time_phrases(rng, published)
    curly = rng.random() < 0.5
    aps = "\u2019" if curly else "'"
    names = rng.sample([n for n in PEOPLE[pool_a]] + [n for n in PEOPLE[pool_b] if n not in PEOPLE[pool_a]], 2)
    p_a, p_b = f"{rng.choice(ROLES)} {names[0]}", f"{rng.choice(ROLES)} {names[1]}"
    p_a, p_b = p_a[0].upper() + p_a[1:], p_b[0].upper() + p_b[1:]
    analyst_name, spokes_name = rng.sample(PEOPLE["en"], 2)
    analyst = f"{analyst_name}, an analyst at {rng.choice(ANALYST_PLACES)}"
    n_word, n = rng.choice(NUMBER_WORDS), rng.randint(2, 40)
    topic, goal = rng.choice(TOPICS), rng.choice(GOALS)
    Lead = t["lead"][0].upper() + t["lead"][1:]
    kind = rng.choice(["defection", "crossing", "attack", "talks", "agreement", "detention", "deployment"])
    cap = lambda s: s[0].upper() + s[1:]  # noqa: E731

    headlines = {
        "defection": f"{adj_a} soldier defects across {border} to {b}",
        "crossing": f"{cap(n_word)} {adj_a} civilians cross {border} in small boat",
        "attack": f"{adj_a} shelling near {place} kills {n}, {b} says",
        "talks": f"{cap(a)} and {b} hold rare talks in {rng.choice([cap_a, cap_b, 'Geneva', 'Doha'])}",
        "agreement": f"{cap(a)} and {b} agree to {goal}",
        "detention": f"{cap(b)} detains {adj_a} patrol near {place}",
        "deployment": f"{cap(a)} moves troops toward {border} as tensions rise",
    }
    lede = {
        "defection": [f"{Lead}, {_an(adj_a)} soldier defected across {border} into {b}, {adj_b} officials said.",
                      f"The soldier walked across the frontier near {place} and was taken into custody by {forces_b}."],
        "crossing": [f"{cap(n_word)} {adj_a} civilians crossed {border} {t['lead']} aboard a small wooden boat, according to {forces_b}.",
                     f"The group, which included two children, reached the coast near {place} before dawn and asked to stay in {b}."],
        "attack": [f"{cap(forces_a)} fired artillery shells at positions near {place} {t['lead']}, killing {n} soldiers and wounding several others, {b}{aps}s defence ministry said.",
                   f"{cap(forces_b)} returned fire, and the exchange lasted almost an hour."],
        "talks": [f"{p_a} met {p_b} {t['lead']} for talks on {topic}, the first such meeting in more than a year.",
                  f"The two delegations spent about four hours together and agreed to meet again {t['later']}."],
        "agreement": [f"{cap(a)} and {b} signed an agreement {t['lead']} to {goal}, after weeks of negotiations brokered by {mediator}.",
                      f"The deal was announced in a joint statement released in {rng.choice([cap_a, cap_b])}."],
        "detention": [f"{cap(forces_b)} detained {n_word} {adj_a} soldiers near {place} {t['lead']}, saying the patrol had strayed across {border}.",
                      f"{cap(a)} demanded their immediate release and called the arrests illegal."],
        "deployment": [f"{cap(a)} deployed additional troops and armoured vehicles toward {border} {t['lead']}, satellite images showed.",
                       f"{cap(forces_b)} said it was watching the movements closely and had raised its alert level."],
    }
    sections: list[list[str]] = [
        [  # detail
            f"Officials in {cap_b} said the {('man' if kind == 'defection' else 'incident')} was being investigated by the military and intelligence services.",
            f"No shots were fired during the crossing, according to {forces_b}." if kind in ("defection", "crossing") else
            f"Local residents near {place} were told to stay indoors, and schools were closed for the day.",
            f"{cap(forces_b)} said it had tracked the movements for several hours before acting.",
            f"The area around {place} is lined with land mines, fences and guard posts.",
            f"{cap(a)}{aps}s state media did not report the {kind} until the following day.",
            f"Footage broadcast by {_an(adj_b)} channel showed soldiers walking along a muddy track near {place}.",
        ],
        [  # quotes
            f"{_q(f'We will protect our people and our territory, whatever the cost', curly)}, {p_b} said in a statement.",
            f"{p_a} told reporters in {cap_a} that {b} had {rng.choice(['provoked the incident', 'lied about what happened', 'ignored repeated warnings'])}.",
            f"{_q('The situation remains tense but under control', curly)}, a spokesperson for {forces_b} said.",
            f"{analyst}, said the {kind} showed {rng.choice(['growing strain inside the military', 'how fragile the truce has become', 'that both sides want to avoid a wider war'])}.",
            f"{p_b} warned that {b} would {rng.choice(['respond firmly to any further violation', 'not be intimidated', 'raise the matter at the United Nations'])}.",
        ],
        [  # background
            f"{cap(border)} has been one of the most heavily guarded frontiers in the world since {t['year']}.",
            f"{t['past'][0].upper() + t['past'][1:]}, {_an(adj_a)} soldier was shot several times during a dash across the border near {rng.choice(places)}.",
            f"About {n * 30} people have crossed from {a} to {b} over the past decade, according to government figures.",
            f"The two countries fought a bloody conflict and never signed a full peace treaty.",
            f"Talks between {a} and {b} collapsed {t['past']} after a dispute over {rng.choice(TOPICS)}.",
            f"{cap(mediator)} imposed sanctions on {a} {t['past']}, and they remain in force.",
        ],
        [  # reactions
            f"{cap(mediator)} urged both sides to show restraint and said it was ready to host talks.",
            f"The United Nations Security Council is expected to discuss the {kind} {t['later']}.",
            f"{spokes_name}, a spokesperson for {mediator}, said the government was {rng.choice(['deeply concerned', 'following events closely', 'in contact with both capitals'])}.",
            f"Protesters gathered outside the {adj_a} embassy in {cap_b} on the following evening.",
            f"{cap(a)} rejected the criticism and said it would not accept {rng.choice(['outside interference', 'any mediation', 'foreign observers'])}.",
        ],
        [  # opinion
            *rng.sample(OPINIONS, 4),
        ],
    ]
    for s in sections:
        rng.shuffle(s)
    target = rng.randint(250, 400)
    body: list[list[str]] = [list(lede[kind])] + [[] for _ in sections]
    words = sum(len(s.split()) for s in lede[kind]) + len(headlines[kind].split())
    progress = True
    while words < target and progress:
        progress = False
        for k, pool in enumerate(sections):
            if words >= target:
                break
            if pool:
                s = pool.pop()
                if words + len(s.split()) > 400:
                    continue
                body[k + 1].append(s)
                words += len(s.split())
                progress = True
    paragraphs = [" ".join(p) for p in body if p]
    headline = headlines[kind]
    text = headline + "\n" + "\n\n".join(paragraphs) + "\n"
    slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")[:60]
    meta = {"title": headline, "publisher": rng.choice(PUBLISHERS),
            "url": f"https://news.example.org/{published:%Y/%m/%d}/{slug}-{i:05d}",
            "published": published.isoformat()}
    return Article(text, meta)


def write_corpus(folder: Path, n: int, *, seed: int, start: int = 0) -> dict:
    """Write articles ``start .. start+n-1`` as ``article-NNNNN.txt`` + ``.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    words = []
    for i in range(start, start + n):
        art = make_article(i, seed)
        (folder / f"article-{i:05d}.txt").write_text(art.text, encoding="utf-8")
        (folder / f"article-{i:05d}.json").write_text(json.dumps(art.meta, indent=1), encoding="utf-8")
        words.append(len(art.text.split()))
    return {"articles": n, "words_total": sum(words), "words_min": min(words), "words_max": max(words),
            "words_mean": round(sum(words) / n, 1)}


# ------------------------------------------------------------------------------------------------
# Measuring
# ------------------------------------------------------------------------------------------------

def _log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def machine_busy_cpu_s() -> float:
    """CPU seconds all processes on the machine have used since boot (from /proc/stat)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu_s() -> float:
    """CPU seconds of this process and its waited-for children."""
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


class Phase:
    """Wall time, own CPU and other processes' CPU over a ``with`` block."""

    def __enter__(self):
        self.busy0, self.own0, self.t0 = machine_busy_cpu_s(), own_cpu_s(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.t0
        self.own_cpu = own_cpu_s() - self.own0
        self.other_cpu = max(0.0, machine_busy_cpu_s() - self.busy0 - self.own_cpu)
        return False

    def as_dict(self) -> dict:
        return {"seconds": round(self.seconds, 3), "own_cpu_s": round(self.own_cpu, 2),
                "other_cpu_s": round(self.other_cpu, 2)}


def machine_info() -> dict:
    import pyoxigraph
    import spacy

    import kg

    kg_dir = Path(kg.__file__).resolve().parent.parent
    try:
        head = subprocess.run(["git", "-C", str(kg_dir), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(kg_dir), "status", "--porcelain", "--", "kg", "ontology"],
                               capture_output=True, text=True, check=True).stdout.strip()
        kg_source = f"{kg_dir} at {head}" + (" (kg/ or ontology/ modified)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        kg_source = f"{kg_dir} (not a git checkout)"
    info = {"kg": kg_source, "nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "spacy": spacy.__version__, "pyoxigraph": pyoxigraph.__version__,
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()]}
    try:
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                           if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        info["free_h"] = subprocess.run(["free", "-h"], capture_output=True, text=True, check=True).stdout.rstrip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return info


def kg_command() -> list[str]:
    exe = Path(sys.executable).parent / "kg"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "kg.cli.main"]


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def run_kg_ingest(store: Path, folder: Path, *, jobs: int) -> dict:
    """``kg --store STORE ingest FOLDER --jobs N`` in a subprocess: wall time, kg's own seconds,
    ``ru_maxrss`` (largest process of the tree) and sampled RSS of the whole process tree."""
    try:
        import psutil
    except ImportError:
        psutil = None
    cmd = [*kg_command(), "-q", "--store", str(store), "ingest", str(folder), "--jobs", str(jobs)]
    busy0 = machine_busy_cpu_s()
    t0 = time.perf_counter()
    import kg

    env = dict(os.environ)  # the subprocess imports the same kg as this process
    env["PYTHONPATH"] = os.pathsep.join([str(Path(kg.__file__).resolve().parent.parent),
                                         *filter(None, [env.get("PYTHONPATH")])])
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    samples: list[tuple[float, int]] = []
    stop = threading.Event()

    def sample():
        if psutil is None:
            return
        try:
            p = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not stop.is_set():
            samples.append((time.perf_counter() - t0, _tree_rss(p)))
            stop.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out_chunks, err_chunks = [], []
    readers = [threading.Thread(target=lambda f=f, acc=acc: acc.append(f.read()), daemon=True)
               for f, acc in ((proc.stdout, out_chunks), (proc.stderr, err_chunks))]
    for r in readers:
        r.start()
    _, status, ru = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    for r in readers:
        r.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    other = max(0.0, machine_busy_cpu_s() - busy0 - (ru.ru_utime + ru.ru_stime))
    stdout, stderr = "".join(out_chunks), "".join(err_chunks)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {stderr.strip()[-2000:]}")
    m = re.search(r"sources: (\d+).*triples: (\d+)\s+seconds: ([\d.]+)", stdout)
    quarter = []
    if samples:
        for frac in (0.25, 0.5, 0.75, 1.0):
            upto = [rss for ts, rss in samples if ts <= wall * frac]
            quarter.append(max(upto) if upto else 0)
    return {"command": " ".join(cmd), "jobs": jobs, "wall_seconds": round(wall, 3),
            "kg_seconds": float(m.group(3)) if m else None, "sources": int(m.group(1)) if m else None,
            "triples": int(m.group(2)) if m else None, "cpu_s": round(ru.ru_utime + ru.ru_stime, 2),
            "other_cpu_s": round(other, 2), "ru_maxrss_bytes": ru.ru_maxrss * 1024,
            "tree_rss_peak_bytes": max((s for _, s in samples), default=None),
            "tree_rss_peak_by_quarter_bytes": quarter, "stdout": stdout.strip()}


def spacy_alone(nlp, texts: list[str]) -> dict:
    """The baseline: kg's nlp object over the same texts, every doc consumed."""
    with Phase() as ph:
        n = 0
        for _doc in nlp.pipe(texts, batch_size=16):
            n += 1
    assert n == len(texts)
    return ph.as_dict()


def ingest_in_process(folder: Path, store_path: Path, nlp) -> dict:
    """``ingest_paths`` into a fresh on-disk store, with the time of each stage recorded per article
    by thin wrappers (a few microseconds per call): spaCy inside the ingest (each ``next()`` on
    ``nlp.pipe``), extraction (``Extractor.extract_doc``), the source's quads (``source_quads``), the
    shape check (``SourceCheck.problems_of``, per batch), graph writing (``_write``, or an older kg's
    ``write_extraction``) and, when kg has it, cross-source resolution (``resolve_sources`` once per
    run, or an older kg's ``resolve_source`` per article). Where kg writes in a thread of its own
    (``_Writer``), the writing overlaps the other stages: its time is listed but not subtracted from
    "other"."""
    import kg.jobs.ingest as ingest_mod
    from kg.extract.pipeline import Extractor
    from kg.graph.store import open_store

    from kg.graph.validate import SourceCheck

    calls: dict[str, list[float]] = {"spacy": [], "extract_doc": [], "source_quads": [], "shape_check": [],
                                     "write": [], "resolve": [], "resolve_in_writer": []}
    cpu: dict[str, float] = dict.fromkeys(calls, 0.0)  # CPU time of the thread that ran each stage
    threaded = hasattr(ingest_mod, "_Writer")  # writing overlaps the rest

    def timed(name, fn):
        def wrapper(*a, **k):
            t, c = time.perf_counter(), time.thread_time()
            try:
                return fn(*a, **k)
            finally:
                # links computed by the writer thread (kg after 32bedfc) overlap the other stages
                where = name
                if name == "resolve" and threading.current_thread() is not threading.main_thread():
                    where = "resolve_in_writer"
                calls[where].append(time.perf_counter() - t)
                cpu[where] += time.thread_time() - c
        return wrapper

    def timed_pipe(*a, **k):
        docs = orig_pipe(*a, **k)
        while True:
            t, c = time.perf_counter(), time.thread_time()
            try:
                doc = next(docs)
            except StopIteration:
                calls["spacy"].append(time.perf_counter() - t)
                cpu["spacy"] += time.thread_time() - c
                return
            calls["spacy"].append(time.perf_counter() - t)
            cpu["spacy"] += time.thread_time() - c
            yield doc

    orig_pipe = nlp.pipe
    label = {"extract_doc": "extract_doc", "source_quads": "source_quads", "problems_of": "shape_check",
             "_write": "write", "write_extraction": "write", "resolve_sources": "resolve", "resolve_source": "resolve"}
    patched = [(Extractor, "extract_doc")]
    if hasattr(ingest_mod, "_write"):  # ingest_paths calls these itself (kg after the shape check)
        try:  # since extraction is a pure step, its module makes the quads
            import kg.jobs.extraction as quads_mod
        except ImportError:
            quads_mod = ingest_mod
        patched += [(quads_mod, "source_quads"), (SourceCheck, "problems_of"), (ingest_mod, "_write")]
    else:
        patched.append((ingest_mod, "write_extraction"))
    for name in ("resolve_sources", "resolve_source"):
        if hasattr(ingest_mod, name):
            patched.append((ingest_mod, name))
    saved = [(obj, name, getattr(obj, name)) for obj, name in patched]
    for obj, name, fn in saved:
        setattr(obj, name, timed(label[name], fn))
    nlp.pipe = timed_pipe
    try:
        store = open_store(store_path)
        with Phase() as ph:
            main_cpu = time.thread_time()
            report = ingest_mod.ingest_paths(store, [folder], jobs=1)
            main_cpu = time.thread_time() - main_cpu
        quads = len(store)
        del store
    finally:
        del nlp.pipe
        for obj, name, fn in saved:
            setattr(obj, name, fn)
    out = ph.as_dict()
    stages = {name: round(sum(v), 3) for name, v in calls.items() if v}
    out["stages_s"] = stages
    out["stages_cpu_s"] = {name: round(cpu[name], 3) for name, v in calls.items() if v}
    out["main_thread_cpu_s"] = round(main_cpu, 3)
    out["write_threaded"] = threaded
    overlapping = ("write", "resolve_in_writer") if threaded else ("resolve_in_writer",)
    out["other_s"] = round(ph.seconds - sum(v for k, v in stages.items() if k not in overlapping), 3)
    # growth: the mean per-article cost of each stage over the first and the last tenth of the run
    growth = {}
    for name, v in calls.items():
        if name not in ("spacy", "shape_check") and len(v) >= 10:  # spaCy works per batch of 16: its per-doc times mean nothing
            k = max(1, len(v) // 10)
            growth[name] = {"first_tenth_ms": round(1000 * sum(v[:k]) / k, 2),
                            "last_tenth_ms": round(1000 * sum(v[-k:]) / k, 2)}
    out["growth"] = growth
    out["per_article_ms"] = {name: [round(1000 * x, 2) for x in v] for name, v in calls.items()}
    out.update({"sources": len(report.sources), "failures": len(report.failures),
                "entities": report.entities, "events": report.events, "claims": report.claims,
                "source_triples": report.triples, "store_quads": quads})
    return out


def profile_non_spacy(folder: Path, work: Path, n: int, *, top: int = 25) -> dict:
    """Parse ``n`` articles first, then time and profile extraction + graph writing only."""
    from kg.extract.pipeline import get_extractor, parse_form
    from kg.jobs.ingest import ensure_reference, read_articles, write_extraction
    from kg.knowledge.ontology import load_ontology
    from kg.graph.store import open_store

    with Phase() as ph_read:
        articles = read_articles([folder])[0][:n]
    with Phase() as ph_onto:
        ontology = load_ontology(None)
    ex = get_extractor(ontology)
    docs = list(ex.nlp.pipe((parse_form(a.text) for a in articles), batch_size=16))

    import kg.jobs.ingest as ingest_mod

    # as ingest_paths does: resolution once after the run (resolve_sources), or per article in an
    # older kg (resolve_source), or not at all in a kg without cross-source resolution
    resolve_sources = getattr(ingest_mod, "resolve_sources", None)
    resolve_source = None if resolve_sources else getattr(ingest_mod, "resolve_source", None)

    def run(store):
        t_ex = t_wr = t_rs = 0.0
        for art, doc in zip(articles, docs):
            t = time.perf_counter()
            res = ex.extract_doc(art, doc)
            t_ex += time.perf_counter() - t
            t = time.perf_counter()
            write_extraction(store, res)
            t_wr += time.perf_counter() - t
            if resolve_source is not None:
                t = time.perf_counter()
                resolve_source(store, art.source_id)
                t_rs += time.perf_counter() - t
        if resolve_sources is not None:
            t = time.perf_counter()
            resolve_sources(store, [a.source_id for a in articles])
            t_rs += time.perf_counter() - t
        store.flush()
        return t_ex, t_wr, t_rs

    store = open_store(work / "profile-store-plain")
    with Phase() as ph_ref:
        ensure_reference(store, ontology)
    t_ex, t_wr, t_rs = run(store)
    del store
    # doc.text is not cached by spaCy: every access joins all tokens again
    doc_text_ms = 1000 * min(timeit.repeat(lambda: [d.text for d in docs], number=3, repeat=3)) / (3 * len(docs))

    store = open_store(work / "profile-store-cprofile")
    ensure_reference(store, ontology)
    prof = cProfile.Profile()
    prof.enable()
    run(store)
    prof.disable()
    del store

    def table(sort: str) -> list[dict]:
        st = pstats.Stats(prof, stream=io.StringIO())
        st.sort_stats(sort)
        rows = []
        for func in st.fcn_list[:top]:
            cc, nc, tt, ct, _ = st.stats[func]
            file, line, name = func
            where = name if file == "~" else f"{_short_path(file)}:{line}({name})"
            rows.append({"function": where, "calls": nc, "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3)})
        return rows

    total = pstats.Stats(prof).total_tt
    return {"articles": len(articles), "read_articles_s": round(ph_read.seconds, 3),
            "load_ontology_s": round(ph_onto.seconds, 3), "ensure_reference_s": round(ph_ref.seconds, 3),
            "extract_doc_s": round(t_ex, 3), "write_extraction_s": round(t_wr, 3), "resolve_s": round(t_rs, 3),
            "extract_doc_ms_per_article": round(1000 * t_ex / len(articles), 2),
            "write_extraction_ms_per_article": round(1000 * t_wr / len(articles), 2),
            "resolve_ms_per_article": round(1000 * t_rs / len(articles), 2),
            "doc_text_ms_per_access": round(doc_text_ms, 3),
            "profiled_total_s": round(total, 3), "by_tottime": table("tottime"), "by_cumtime": table("cumulative")}


def _short_path(file: str) -> str:
    root = str(Path(__file__).resolve().parent.parent) + "/"
    for marker in ("/site-packages/", root):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def bench(args) -> dict:
    from kg.extract.nlp import load_nlp
    from kg.extract.pipeline import get_extractor, parse_form
    from kg.jobs.ingest import ingest_paths, read_articles
    from kg.knowledge.ontology import load_ontology
    from kg.graph.store import open_store

    work = Path(tempfile.mkdtemp(prefix="kg-bench-ingest-", dir=args.tmp))
    res: dict = {"machine": machine_info(), "args": {"articles": args.articles, "memory_articles": args.memory_articles,
                                                      "profile_articles": args.profile_articles, "seed": args.seed}}
    try:
        _log(f"writing {args.articles} + {args.memory_articles} + 3 articles into {work}")
        corpus = work / "articles"
        res["corpus"] = write_corpus(corpus, args.articles, seed=args.seed)
        memory = work / "memory-articles"
        res["memory_corpus"] = write_corpus(memory, args.memory_articles, seed=args.seed)
        warm = work / "warmup-articles"
        write_corpus(warm, 3, seed=args.seed, start=10**6)

        # -- 1. one-time costs, then the same texts through spaCy alone and through the whole ingest
        with Phase() as ph_model:
            nlp = load_nlp()
        with Phase() as ph_extractor:
            get_extractor(load_ontology(None))
        res["model"] = f"{nlp.meta.get('name')} {nlp.meta.get('version')}; pipes: {', '.join(nlp.pipe_names)}"
        with Phase() as ph_warm:
            ingest_paths(open_store(work / "warmup-store"), [warm], jobs=1)
        res["one_time"] = {"load_nlp_s": round(ph_model.seconds, 3), "build_extractor_s": round(ph_extractor.seconds, 3),
                           "warmup_ingest_3_articles_s": round(ph_warm.seconds, 3)}
        articles = read_articles([corpus])[0]
        texts = [parse_form(a.text) for a in articles]
        for _ in nlp.pipe(texts[:16], batch_size=16):
            pass
        _log(f"spaCy alone on {len(texts)} texts (1/2)")
        res["spacy_before"] = spacy_alone(nlp, texts)
        _log(f"  {res['spacy_before']['seconds']:.1f} s; whole ingest of {len(texts)} articles")
        res["ingest"] = ingest_in_process(corpus, work / "store", nlp)
        _log(f"  {res['ingest']['seconds']:.1f} s; spaCy alone (2/2)")
        res["spacy_after"] = spacy_alone(nlp, texts)
        _log(f"  {res['spacy_after']['seconds']:.1f} s")
        del texts, articles
        if args.ratio_only:
            return res

        # -- 4. profile (before the subprocesses, while the model is loaded here)
        _log(f"profiling extraction + writing on {args.profile_articles} articles")
        res["profile"] = profile_non_spacy(corpus, work, args.profile_articles)

        # -- 2. CLI --jobs 1 vs --jobs 2
        for jobs in (1, 2):
            _log(f"kg ingest --jobs {jobs} on {args.articles} articles (subprocess)")
            res[f"cli_jobs{jobs}"] = run_kg_ingest(work / f"store-jobs{jobs}", corpus, jobs=jobs)
            _log(f"  {res[f'cli_jobs{jobs}']['wall_seconds']:.1f} s")
        # -- 3. memory
        _log(f"kg ingest on {args.memory_articles} articles for peak memory (subprocess)")
        res["memory"] = run_kg_ingest(work / "store-memory", memory, jobs=1)
        _log(f"  {res['memory']['wall_seconds']:.1f} s, ru_maxrss {res['memory']['ru_maxrss_bytes'] / 2**20:.0f} MiB")
    finally:
        if args.keep:
            _log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return res


def compare(res: dict) -> dict:
    base = min(res["spacy_before"]["seconds"], res["spacy_after"]["seconds"])
    ratio = res["ingest"]["seconds"] / base
    n = res["ingest"]["sources"] or 1
    part1 = {
        "spacy_baseline_s": round(base, 3),
        "ingest_s": res["ingest"]["seconds"],
        "ingest_over_spacy": round(ratio, 3),
        "ingest_over_spacy_pass": ratio <= TARGET_RATIO,
        "ingest_ms_per_article": round(1000 * res["ingest"]["seconds"] / n, 1),
        "spacy_ms_per_article": round(1000 * base / n, 1),
        "non_spacy_ms_per_article": round(1000 * (res["ingest"]["seconds"] - base) / n, 1),
        "ingest_without_resolve_over_spacy": round(
            (res["ingest"]["seconds"] - res["ingest"]["stages_s"].get("resolve", 0.0)) / base, 3),
    }
    if "memory" not in res:  # --ratio-only
        return part1
    speedup = res["cli_jobs1"]["wall_seconds"] / res["cli_jobs2"]["wall_seconds"]
    kg_speedup = (res["cli_jobs1"]["kg_seconds"] / res["cli_jobs2"]["kg_seconds"]
                  if res["cli_jobs1"]["kg_seconds"] and res["cli_jobs2"]["kg_seconds"] else None)
    peak = res["memory"]["ru_maxrss_bytes"]
    return {
        "spacy_baseline_s": round(base, 3),
        "ingest_s": res["ingest"]["seconds"],
        "ingest_over_spacy": round(ratio, 3),
        "ingest_over_spacy_pass": ratio <= TARGET_RATIO,
        "ingest_ms_per_article": round(1000 * res["ingest"]["seconds"] / n, 1),
        "spacy_ms_per_article": round(1000 * base / n, 1),
        "non_spacy_ms_per_article": round(1000 * (res["ingest"]["seconds"] - base) / n, 1),
        "ingest_without_resolve_over_spacy": round(
            (res["ingest"]["seconds"] - res["ingest"]["stages_s"].get("resolve", 0.0)) / base, 3),
        "jobs2_speedup_wall": round(speedup, 3),
        "jobs2_speedup_kg_seconds": round(kg_speedup, 3) if kg_speedup else None,
        "peak_rss_bytes": peak,
        "peak_rss_pass": peak <= TARGET_PEAK_BYTES,
    }


def _mib(b) -> str:
    return "-" if b is None else f"{b / 2**20:,.0f} MiB"


def format_report(res: dict) -> str:
    r, m, ing = res["results"], res["machine"], res["ingest"]
    c, mc = res["corpus"], res["memory_corpus"]
    ok = lambda b: "PASS" if b else "FAIL"  # noqa: E731
    lines = [
        f"machine: {m.get('nproc')} CPUs ({m.get('cpu', '?')}), Python {m['python']}, spaCy {m['spacy']}, "
        f"pyoxigraph {m['pyoxigraph']}; load average at start {m['loadavg_at_start']}",
        f"kg: {m['kg']}",
        f"model: {res['model']}",
        f"corpus: {c['articles']} articles, {c['words_total']:,} words ({c['words_min']}-{c['words_max']}, mean "
        f"{c['words_mean']}); memory corpus: {mc['articles']} articles, {mc['words_total']:,} words",
        f"one-time: load_nlp {res['one_time']['load_nlp_s']:.2f} s, build extractor {res['one_time']['build_extractor_s']:.2f} s",
        "",
        "1. whole ingest vs spaCy alone (same texts, same nlp, batch_size=16, one process)",
        f"   spaCy alone          {res['spacy_before']['seconds']:8.2f} s before, {res['spacy_after']['seconds']:.2f} s after "
        f"(baseline {r['spacy_baseline_s']:.2f} s, {r['spacy_ms_per_article']} ms/article)",
        f"   ingest_paths         {ing['seconds']:8.2f} s  ({r['ingest_ms_per_article']} ms/article; "
        f"{ing['sources']} sources, {ing['entities']} entities, {ing['events']} events, {ing['claims']} claims, "
        f"{ing['store_quads']:,} quads in store)",
        "     stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in ing["stages_s"].items()) + f", other {ing['other_s']:.2f} s"
        + (" (writing runs in a thread of its own, overlapping the others"
           + (", and so does resolve_in_writer)" if ing["stages_s"].get("resolve_in_writer") else ")")
           if ing.get("write_threaded") else ""),
        "     CPU of each stage (of the thread that ran it): " + ", ".join(
            f"{k} {v:.2f} s" for k, v in ing.get("stages_cpu_s", {}).items())
        + f"; the main thread's CPU over the whole ingest {ing.get('main_thread_cpu_s', 0):.2f} s",
        "     mean per article, first tenth -> last tenth of the run: " + "; ".join(
            f"{k} {g['first_tenth_ms']} -> {g['last_tenth_ms']} ms" for k, g in ing["growth"].items()),
        f"   ratio ingest / spaCy {r['ingest_over_spacy']:8.2f}  target <= {TARGET_RATIO}  {ok(r['ingest_over_spacy_pass'])}",
        f"   (without resolution the ratio would be {r['ingest_without_resolve_over_spacy']:.2f}"
        + ("; links computed by the writer thread overlap the rest and are not subtracted)"
           if ing["stages_s"].get("resolve_in_writer") else ")"),
        f"   own CPU: spaCy {res['spacy_before']['own_cpu_s']} s / {res['spacy_after']['own_cpu_s']} s, "
        f"ingest {ing['own_cpu_s']} s; other processes' CPU during the phases: spaCy "
        f"{res['spacy_before']['other_cpu_s']} s / {res['spacy_after']['other_cpu_s']} s, ingest {ing['other_cpu_s']} s",
    ]
    if "memory" not in res:
        return "\n".join(lines)
    lines += [
        "",
        "2. kg ingest --jobs 2 vs --jobs 1 (CLI subprocess, fresh store, includes model load)",
    ]
    for j in (1, 2):
        x = res[f"cli_jobs{j}"]
        lines.append(f"   --jobs {j}  wall {x['wall_seconds']:7.2f} s  kg says {x['kg_seconds']} s  CPU {x['cpu_s']} s  "
                     f"ru_maxrss {_mib(x['ru_maxrss_bytes'])}  tree RSS peak {_mib(x['tree_rss_peak_bytes'])}  "
                     f"other CPU {x['other_cpu_s']} s")
    lines += [
        f"   speedup jobs2/jobs1: {r['jobs2_speedup_wall']:.2f}x wall ({r['jobs2_speedup_kg_seconds']}x by kg's seconds)",
        "",
        f"3. peak memory, kg ingest of {mc['articles']} articles (--jobs 1)",
        f"   ru_maxrss {_mib(res['memory']['ru_maxrss_bytes'])}  target <= {TARGET_PEAK_BYTES / 1e9:.1f} GB "
        f"({_mib(TARGET_PEAK_BYTES)})  {ok(r['peak_rss_pass'])}",
        f"   tree RSS peak by quarter of the run: {', '.join(_mib(b) for b in res['memory']['tree_rss_peak_by_quarter_bytes'])}"
        f"  (wall {res['memory']['wall_seconds']:.1f} s)",
        "",
        f"4. non-spaCy part on {res['profile']['articles']} pre-parsed articles",
        f"   extract_doc {res['profile']['extract_doc_ms_per_article']} ms/article, write_extraction "
        f"{res['profile']['write_extraction_ms_per_article']} ms/article, resolution "
        f"{res['profile']['resolve_ms_per_article']} ms/article (store growing from 0 to "
        f"{res['profile']['articles']} sources); load_ontology {res['profile']['load_ontology_s']} s, "
        f"ensure_reference (fresh store) {res['profile']['ensure_reference_s']} s; one doc.text access "
        f"{res['profile']['doc_text_ms_per_access']} ms",
        "   top by own time (cProfile):",
    ]
    for row in res["profile"]["by_tottime"][:15]:
        lines.append(f"     {row['tottime_s']:7.3f} s  {row['calls']:>8}  {row['function']}")
    lines.append("   top by cumulative time (cProfile):")
    for row in res["profile"]["by_cumtime"][:25]:
        lines.append(f"     {row['cumtime_s']:7.3f} s  {row['calls']:>8}  {row['function']}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=None, help=f"articles for the timing (default {DEFAULT_ARTICLES})")
    p.add_argument("--memory-articles", type=int, default=None,
                   help=f"articles for the peak-memory run (default {DEFAULT_MEMORY_ARTICLES:,})")
    p.add_argument("--profile-articles", type=int, default=None, help=f"articles to profile (default {PROFILE_ARTICLES})")
    p.add_argument("--quick", action="store_true",
                   help=f"a smoke run: {QUICK_ARTICLES} articles, {QUICK_MEMORY_ARTICLES} for memory, 20 profiled")
    p.add_argument("--ratio-only", action="store_true",
                   help="only part 1 (whole ingest against spaCy alone): no profile, CLI or memory runs")
    p.add_argument("--json", type=Path, default=None, metavar="OUT", help="also write all figures as JSON to OUT")
    p.add_argument("--seed", type=int, default=7, help="seed of the synthetic articles (default 7)")
    p.add_argument("--tmp", type=Path, default=None, help="where to make the temporary work folder")
    p.add_argument("--keep", action="store_true", help="keep the work folder (articles, stores)")
    p.add_argument("--write-corpus", type=Path, default=None, metavar="DIR",
                   help="only write the --articles synthetic articles into DIR and exit")
    args = p.parse_args(argv)
    if args.articles is None:
        args.articles = QUICK_ARTICLES if args.quick else DEFAULT_ARTICLES
    if args.memory_articles is None:
        args.memory_articles = QUICK_MEMORY_ARTICLES if args.quick else DEFAULT_MEMORY_ARTICLES
    if args.profile_articles is None:
        args.profile_articles = 20 if args.quick else PROFILE_ARTICLES
    args.profile_articles = min(args.profile_articles, args.articles)
    if args.articles < 1 or args.memory_articles < 1:
        p.error("--articles and --memory-articles must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.write_corpus:
        print(json.dumps(write_corpus(args.write_corpus, args.articles, seed=args.seed)))
        return 0
    res = bench(args)
    res["results"] = compare(res)
    print(format_report(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    r = res["results"]
    return 0 if r["ingest_over_spacy_pass"] and r.get("peak_rss_pass", True) else 1


if __name__ == "__main__":
    sys.exit(main())
