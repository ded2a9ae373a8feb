"""A bounded load test of ``kg serve`` on this machine's loopback address.

N clients (threads) send the library's questions (``kg/queries/*.rq``, each with its default
parameters) round-robin to ``/sparql`` for a fixed time or number of requests, whichever comes
first, and the run reports requests, errors, throughput and latency percentiles. Optionally some
extra clients send pathological queries (a cartesian product, an unbounded property path) that
the endpoint must stop at its deadline without starving the others.

Only loopback targets are accepted: every request goes to 127.0.0.1 (or ``::1``/``localhost``).

    .venv/bin/python benchmarks/load.py --store .kg/store --clients 16 --seconds 60
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:7879 --clients 4 --seconds 10

``tests/test_endpoint_load.py`` runs the same function.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Queries a careless or hostile client might send: the deadline must stop them.
PATHOLOGICAL = {
    "cartesian product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "unbounded property path": "SELECT (COUNT(*) AS ?n) WHERE { ?x (<http://www.w3.org/2000/01/rdf-schema#label>"
                               "|!<http://e/none>|^!<http://e/none>)* ?y . ?y ?p ?z }",
}


@dataclass
class Result:
    """What the clients saw. Latencies in seconds, per query name."""

    seconds: float = 0.0
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[tuple[str, int, str]] = field(default_factory=list)  # (query, status, first line of the body)
    answered: list[tuple[float, float, str]] = field(default_factory=list)  # (sent, answered) s after the start, query
    pathological: list[tuple[str, int, float, float, str]] = field(default_factory=list)  # (query, status, sent, seconds, body)

    @property
    def all(self) -> list[float]:
        return sorted(x for xs in self.latencies.values() for x in xs)

    def percentile(self, p: float) -> float:
        xs = self.all
        if not xs:
            return float("nan")
        return xs[min(len(xs) - 1, max(0, round(p / 100 * len(xs) + 0.5) - 1))]  # nearest rank

    def summary(self) -> dict:
        xs = self.all
        return {
            "seconds": round(self.seconds, 1), "requests": len(xs), "errors": len(self.errors),
            "requests_per_second": round(len(xs) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(1000 * self.percentile(50), 1), "p90_ms": round(1000 * self.percentile(90), 1),
            "p99_ms": round(1000 * self.percentile(99), 1), "max_ms": round(1000 * max(xs), 1) if xs else None,
            "mean_ms": round(1000 * statistics.fmean(xs), 1) if xs else None,
            "per_query_p50_ms": {q: round(1000 * statistics.median(v), 1) for q, v in sorted(self.latencies.items()) if v},
            "pathological": [{"query": q, "status": s, "seconds": round(t, 2), "answer": b}
                             for q, s, _, t, b in self.pathological],
        }


def post(base: str, sparql: str, timeout: float = 120.0, accept: str = "application/sparql-results+json"):
    """``(status, body)`` of one query sent as an ``application/sparql-query`` POST."""
    req = urllib.request.Request(base + "/sparql", data=sparql.encode("utf-8"), method="POST",
                                 headers={"Content-Type": "application/sparql-query", "Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def check_loopback(base: str) -> str:
    host = urllib.parse.urlsplit(base).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"refusing to load {base}: only this machine's loopback address (127.0.0.1) is a target")
    return base.rstrip("/")


def library_queries() -> dict[str, str]:
    from kg import query as kq

    return {q.name: q.text for q in kq.library()}


def run(base: str, queries: dict[str, str], clients: int = 16, seconds: float = 60.0, max_requests: int = 100_000,
        pathological: dict[str, str] | None = None, pathological_at: float = 0.3, request_timeout: float = 120.0) -> Result:
    """Load ``base`` with ``clients`` threads for ``seconds`` (or ``max_requests`` in all), then stop.

    Each client starts at another query and goes round the list. ``pathological`` queries are each
    sent once, from their own thread, ``pathological_at`` of the way into the run.
    """
    base = check_loopback(base)
    names = sorted(queries)
    result = Result(latencies={n: [] for n in names})
    lock = threading.Lock()
    sent = [0]
    started = time.monotonic()
    deadline = started + seconds

    def client(k: int) -> None:
        i = k
        while time.monotonic() < deadline:
            with lock:
                if sent[0] >= max_requests:
                    return
                sent[0] += 1
            name = names[i % len(names)]
            i += 1
            t = time.monotonic()
            try:
                status, body = post(base, queries[name], request_timeout)
            except OSError as e:  # a refused or dropped connection is an error too
                status, body = 0, str(e).encode()
            elapsed = time.monotonic() - t
            with lock:
                if status == 200:
                    result.latencies[name].append(elapsed)
                    result.answered.append((t - started, t + elapsed - started, name))
                else:
                    result.errors.append((name, status, body.decode("utf-8", "replace").split("\n")[0][:200]))

    def slow(name: str, sparql: str) -> None:
        time.sleep(max(0.0, pathological_at * seconds))
        t = time.monotonic()
        status, body = post(base, sparql, request_timeout)
        with lock:
            result.pathological.append((name, status, t - started, time.monotonic() - t,
                                        body.decode("utf-8", "replace").strip()[:200]))

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    threads += [threading.Thread(target=slow, args=item, daemon=True) for item in (pathological or {}).items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + request_timeout + 30)
    result.seconds = time.monotonic() - started
    return result


class Served:
    """``kg serve`` on 127.0.0.1 (a free port) in a process of its own, as a user runs it."""

    def __init__(self, store: Path | str, *options: str):
        import subprocess

        self.proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0",
                                      "--quiet", *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("SPARQL endpoint http://"):
            self.proc.kill()
            raise RuntimeError(f"kg serve did not start: {line}{self.proc.stderr.read()}")
        self.base = line.split()[2].removesuffix("/sparql")

    def stop(self) -> int:
        """Stop it as Ctrl-C does (its workers go with it); return its exit code."""
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(30)
        except Exception:
            self.proc.kill()
            return self.proc.wait(30)

    def __enter__(self) -> "Served":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--store", help="serve this store on 127.0.0.1 for the run")
    target.add_argument("--url", help="a running endpoint on this machine, e.g. http://127.0.0.1:7879")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=4, help="query workers (with --store)")
    parser.add_argument("--timeout", type=float, default=10.0, help="query deadline in seconds (with --store)")
    parser.add_argument("--pathological", action="store_true", help="also send a cartesian product and an unbounded path")
    args = parser.parse_args(argv)
    served = Served(args.store, "--workers", str(args.workers), "--timeout", str(args.timeout)) if args.store else None
    base = served.base if served else check_loopback(args.url)
    try:
        result = run(base, library_queries(), args.clients, args.seconds, args.max_requests,
                     PATHOLOGICAL if args.pathological else None)
    finally:
        if served is not None:
            served.stop()
    print(json.dumps(result.summary(), indent=1, ensure_ascii=False))
    for name, status, line in result.errors[:20]:
        print(f"error: {name}: {status} {line}", file=sys.stderr)
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
