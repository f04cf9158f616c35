#!/usr/bin/env python3
"""Benchmark of the relationship-map analytics (`kam graph`) against networkx, same graph, same run.

  bench/graph_analytics.py --kam PATH          full: an account of 2,000 people / 20,000 connections
                                               (PageRank, betweenness, strongest paths, each against
                                               networkx), then the whole database at 1,000,000 people /
                                               5,000,000 connections (PageRank and strongest paths, ours only)
  bench/graph_analytics.py --smoke             tiny sizes (CI runs this)
  --with-networkx-large                        also time networkx on the large graph (slow, needs RAM)
  --skip-large                                 the account-size part only
  --seed N, --repeat N                         seed of the graphs; best of N runs for the fast figures

Environment: KAM_BIN (the kam binary when --kam is not given), BENCH_OUT (copy the result TSV there).
Target: at least 10x faster than networkx for PageRank and betweenness on the 2,000 / 20,000
graph, with equal results (values within 1e-6, same ranking; strongest paths: equal product
within 1e-9 and the canonical tie-break). Two ratios are printed: against our whole process
(start, CSV parsing, printing JSON included), and against the compute time `kam graph --timing`
reports (compute_seconds=X on stderr). networkx is timed in this process, without graph building.
Exits non-zero when results differ or kam fails; a missed speed target is reported, not fatal.
"""
import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
try:
    import networkx as nx
except ImportError:  # scripts/test installs networkx into the project's venv
    venv_python = os.path.join(ROOT, ".venv", "bin", "python")
    if os.path.exists(venv_python) and os.path.realpath(sys.executable) != os.path.realpath(venv_python):
        os.execv(venv_python, [venv_python, *sys.argv])
    sys.exit("networkx is missing: pip install networkx scipy")

sys.path.insert(0, os.path.join(ROOT, "tests", "peer"))
import graph_check as peer  # noqa: E402  (same graphs, comparisons and canonical paths as the cross-check)

TARGET_RATIO = 10.0


def run_kam(kam, args):
    """(parsed JSON, wall seconds, compute seconds) of one `kam graph … --timing` run."""
    started = time.perf_counter()
    done = subprocess.run([kam, "graph", *args, "--timing"], capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"kam graph {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    found = re.search(r"compute_seconds=([0-9.eE+-]+)", done.stderr)
    if not found:
        sys.exit(f"kam graph {' '.join(args)} printed no compute_seconds on stderr: {done.stderr.strip()[:200]}")
    return json.loads(done.stdout), wall, float(found.group(1))


def best_of(repeat, body):
    """The fastest of `repeat` runs of `body() -> (result, seconds, …)`, with the first result."""
    runs = [body() for _ in range(repeat)]
    return runs[0][0], *(min(r[i] for r in runs) for i in range(1, len(runs[0])))


def timed(body):
    started = time.perf_counter()
    result = body()
    return result, time.perf_counter() - started


def account_size(kam, people, connections, seed, repeat, report):
    rng = random.Random(seed)
    rows = peer.random_graph(rng, people, connections, parts=2, repeats=connections // 100)
    G = peer.to_networkx(rows)
    folder = tempfile.mkdtemp(prefix="kam-graph-bench-")
    path = os.path.join(folder, "account.csv")
    peer.write_csv(rows, path)
    print(f"account graph: {G.number_of_nodes()} people, {G.number_of_edges()} connections (seed {seed})")

    nx.pagerank(nx.DiGraph([(0, 1)]))  # imports scipy outside the timing
    ours, wall, compute = best_of(repeat, lambda: run_kam(kam, ["pagerank", "--edges", path]))
    theirs, reference = best_of(repeat, lambda: timed(
        lambda: nx.pagerank(G, alpha=0.85, weight="strength", tol=1e-12, max_iter=100_000)))
    difference = peer.compare_scores("pagerank", ours, theirs)
    report("pagerank", wall, compute, reference, difference, target=True)

    ours, wall, compute = best_of(repeat, lambda: run_kam(kam, ["betweenness", "--edges", path]))
    theirs, reference = timed(lambda: nx.betweenness_centrality(G, normalized=True, weight="w"))
    difference = peer.compare_scores("betweenness", ours, theirs)
    report("betweenness", wall, compute, reference, difference, target=True)

    nodes = sorted(G.nodes)
    pairs = []
    while len(pairs) < 10:
        a = rng.choice(nodes)
        reach = sorted(nx.descendants(G, a))
        if reach:
            pairs.append((a, rng.choice(reach)))
    wall = compute = reference = 0.0
    worst = 0.0
    for a, b in pairs:
        answer, w, c = best_of(repeat, lambda: run_kam(kam, ["strongest-path", "--edges", path, "--from", a, "--to", b]))
        found, seconds = best_of(repeat, lambda: timed(lambda: nx.shortest_path(G, a, b, weight="cost")))
        wall, compute, reference = wall + w, compute + c, reference + seconds
        if answer.get("path") is None:
            peer.problem(f"strongest path {a}->{b}: ours finds none, networkx {found}")
            continue
        difference = abs(answer["product"] - peer.path_product(G, found))
        worst = max(worst, difference)
        if difference > peer.PRODUCT_TOLERANCE:
            peer.problem(f"strongest path {a}->{b}: product {answer['product']!r}, networkx {peer.path_product(G, found)!r}")
        canonical = peer.canonical_strongest_path(G, a, b)
        if answer["path"] != canonical:
            peer.problem(f"strongest path {a}->{b}: ours {answer['path']}, canonical {canonical}")
    report(f"strongest path x{len(pairs)}", wall, compute, reference, worst, target=False)


def label(index, people):
    """The CSV id of the index-th person, zero-padded so that string order is number order."""
    return f"p{index:0{len(str(people - 1))}d}"


def write_large_graph(path, people, connections, seed, reversed_path=None, rows=None):
    """Streams a random graph to CSV (repeated pairs allowed: kam keeps the strongest); also the
    same graph reversed, and the rows as index triples, when asked."""
    rng = random.Random(seed)
    ids = [label(i, people) for i in range(people)]
    back = open(reversed_path, "w", encoding="utf-8") if reversed_path else None
    with open(path, "w", encoding="utf-8") as f:
        f.write("source,target,strength\n")
        if back:
            back.write("source,target,strength\n")
        chunk, chunk_back = [], []
        for _ in range(connections):
            a = rng.randrange(people)
            b = rng.randrange(people - 1)
            b += b >= a
            s = 5 if rng.random() < 0.4 else rng.randint(1, 4)
            chunk.append(f"{ids[a]},{ids[b]},{s}\n")
            if back:
                chunk_back.append(f"{ids[b]},{ids[a]},{s}\n")
            if rows is not None:
                rows.append((a, b, s))
            if len(chunk) == 100_000:
                f.write("".join(chunk))
                chunk.clear()
                if back:
                    back.write("".join(chunk_back))
                    chunk_back.clear()
        f.write("".join(chunk))
        if back:
            back.write("".join(chunk_back))
            back.close()
    return ids


def store_database(kam, folder, people, rows, seed):
    """A kam SQLite database holding the graph: person p<i> is key person i+1 of one account, each
    connection an account-wide influence (repeated pairs keep the strongest, as the CSV reader
    does). Written with sqlite3 straight into the migrated schema, indexes built afterwards."""
    import sqlite3
    path = os.path.join(folder, "store.sqlite")
    for args in (["migrate", "--database", path],
                 ["user", "add", "--database", path, "--username", "bench", "--password", "bench password 1", "--role", "administrator"]):
        done = subprocess.run([kam, *args], capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"kam {' '.join(args[:2])} exited {done.returncode}: {done.stderr.strip()}")
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    indexes = db.execute("SELECT sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
                         "AND tbl_name IN ('key_persons', 'employments', 'person_connections')").fetchall()
    for (sql,) in indexes:
        db.execute("DROP INDEX " + sql.split()[2 if sql.split()[1] == "INDEX" else 3])
    db.execute("INSERT INTO accounts (id, name, name_search, industry, region, size, time_zone, procurement_mode, owner_id, "
               "scene, stage, status, created_at, updated_at) VALUES (1, 'Bench Group', 'bench group', 'banking', 'japan', "
               "'enterprise', 'UTC', 'centralised', 1, 'acquisition', 'building', 'none', 0, 0)")
    db.executemany("INSERT INTO key_persons (id, family_name, given_name, name_search, phones, legal_basis, created_at, updated_at) "
                   "VALUES (?, ?, '', ?, '[]', 'legitimate_interest', 0, 0)",
                   ((i + 1, f"p{i}", f"p{i}") for i in range(people)))
    strongest = {}
    for a, b, strength in rows:
        key = (a, b)
        if strongest.get(key, 0) < strength:
            strongest[key] = strength
    db.executemany("INSERT INTO person_connections (kind, from_person_id, to_person_id, strength, stance, status, account_id, "
                   "created_at, updated_at) VALUES ('influence', ?, ?, ?, 'neutral', 'verified', 1, 0, 0)",
                   ((a + 1, b + 1, strength) for (a, b), strength in strongest.items()))
    for (sql,) in indexes:
        db.execute(sql)
    db.commit()
    db.close()
    return path


def through_the_store(kam, people, connections, seed, expected_rank, report):
    """The same graph read from the database by `kam influence`: the product's influence rank
    (PageRank on the reversed influence graph) and strongest chains, checked against `kam graph`
    on the CSV (reversed for the rank)."""
    folder = tempfile.mkdtemp(prefix="kam-graph-store-")
    started = time.perf_counter()
    path = store_database(kam, folder, people, expected_rank["rows"], seed)
    print(f"store database: {people} key persons, {len(set((a, b) for a, b, _ in expected_rank['rows']))} connections "
          f"written with sqlite3 in {time.perf_counter() - started:.1f} s")
    common = ["--database", path, "--as", "bench", "--timing"]

    def influence(args):
        begun = time.perf_counter()
        done = subprocess.run([kam, "influence", *args, *common], capture_output=True, text=True)
        wall = time.perf_counter() - begun
        if done.returncode != 0:
            sys.exit(f"kam influence {args[0]} exited {done.returncode}: {done.stderr.strip()}")
        load = float(re.search(r"load_seconds=([0-9.eE+-]+)", done.stderr).group(1))
        compute = float(re.search(r"compute_seconds=([0-9.eE+-]+)", done.stderr).group(1))
        return json.loads(done.stdout), wall, load, compute

    ranked, wall, load, compute = influence(["rank", "--top", "100"])
    expected = expected_rank["scores"]
    worst = max(abs(score - expected[label(int(pid) - 1, people)]) for pid, score in ranked.items())
    top = sorted(expected, key=lambda k: (-expected[k], k))[:100]
    if [label(int(pid) - 1, people) for pid in ranked] != top and worst > 1e-12:
        peer.problem("store influence rank: top 100 differ from kam graph pagerank on the reversed CSV")
    if worst > 1e-9:
        peer.problem(f"store influence rank: values differ by {worst:.1e}")
    print(f"  store influence rank (top 100 printed): reading {load:.3f} s, compute {compute:.3f} s, wall {wall:.3f} s, "
          f"max diff to the CSV run {worst:.1e}")
    report("store influence rank", wall, compute, None, worst, target=False)
    wall_sum = compute_sum = 0.0
    for a, b, product in expected_rank["paths"]:
        answer, wall, load, compute = influence(["path", "--from", str(int(a[1:]) + 1), "--to", str(int(b[1:]) + 1)])
        wall_sum, compute_sum = wall_sum + wall, compute_sum + compute
        if (answer.get("path") is None) != (product is None) or (product is not None and abs(answer["product"] - product) > 1e-9):
            peer.problem(f"store strongest path {a}->{b}: ours {answer.get('product')}, from the CSV {product}")
        print(f"  store strongest path {a} -> {b}: product {answer.get('product')}, reading {load:.3f} s, compute {compute:.3f} s, "
              f"wall {wall:.3f} s")
    report(f"store strongest path x{len(expected_rank['paths'])}", wall_sum, compute_sum, None, None, target=False)
    os.remove(path)


def whole_database(kam, people, connections, seed, with_networkx, report):
    folder = tempfile.mkdtemp(prefix="kam-graph-bench-")
    path = os.path.join(folder, "database.csv")
    started = time.perf_counter()
    reversed_path = os.path.join(folder, "database-reversed.csv")
    rows = []
    ids = write_large_graph(path, people, connections, seed, reversed_path, rows)
    print(f"database graph: {people} people, {connections} connections written in {time.perf_counter() - started:.1f} s")
    G = None
    if with_networkx:
        G = nx.DiGraph()
        with open(path, encoding="utf-8") as f:
            next(f)
            for line in f:
                a, b, s = line.rstrip("\n").split(",")
                s = int(s)
                if not G.has_edge(a, b) or G[a][b]["strength"] < s:
                    G.add_edge(a, b, strength=s, cost=-math.log(s / 5))

    ours, wall, compute = run_kam(kam, ["pagerank", "--edges", path])
    total = sum(ours.values())
    if abs(total - 1) > 1e-9 or len(ours) > people:
        peer.problem(f"large pagerank: {len(ours)} scores summing to {total!r}")
    difference, reference = None, None
    if G is not None:
        theirs, reference = timed(lambda: nx.pagerank(G, alpha=0.85, weight="strength", tol=1e-12, max_iter=100_000))
        difference = peer.compare_scores("large pagerank", ours, theirs)
    report("large pagerank", wall, compute, reference, difference, target=False)

    rng = random.Random(seed + 1)
    wall = compute = 0.0
    reference = 0.0 if G is not None else None
    queries = [(rng.choice(ids), rng.choice(ids)) for _ in range(3)]
    paths = []
    for a, b in queries:
        answer, w, c = run_kam(kam, ["strongest-path", "--edges", path, "--from", a, "--to", b])
        wall, compute = wall + w, compute + c
        if G is not None and a in G and b in G:
            try:
                found, seconds = timed(lambda: nx.shortest_path(G, a, b, weight="cost"))
                reference += seconds
                if answer.get("path") is None or abs(answer["product"] - peer.path_product(G, found)) > peer.PRODUCT_TOLERANCE:
                    peer.problem(f"large strongest path {a}->{b}: ours {answer}, networkx product {peer.path_product(G, found)!r}")
            except nx.NetworkXNoPath:
                if answer.get("path") is not None:
                    peer.problem(f"large strongest path {a}->{b}: networkx finds none, ours {answer['path']}")
        hops = len(answer["path"]) - 1 if answer.get("path") else None
        print(f"  strongest path {a} -> {b}: {hops} hops, product {answer.get('product')}, compute {c:.3f} s, wall {w:.3f} s")
        paths.append((a, b, answer.get("product") if answer.get("path") else None))
    report(f"large strongest path x{len(queries)}", wall, compute, reference, None, target=False)
    os.remove(path)
    # The product's influence rank is PageRank on the reversed influence graph.
    scores, _, _ = run_kam(kam, ["pagerank", "--edges", reversed_path])
    os.remove(reversed_path)
    through_the_store(kam, people, connections, seed, {"rows": rows, "scores": scores, "paths": paths}, report)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kam", default=os.environ.get("KAM_BIN"), help="the kam binary (default $KAM_BIN)")
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int)
    parser.add_argument("--with-networkx-large", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    if not args.kam:
        sys.exit("name the kam binary: --kam PATH (or KAM_BIN)")
    kam = os.path.abspath(args.kam)
    if args.smoke:
        account, database, repeat = (150, 900), (5_000, 25_000), args.repeat or 1
    else:
        account, database, repeat = (2_000, 20_000), (1_000_000, 5_000_000), args.repeat or 3

    rows = [("analytic", "ours_wall_s", "ours_compute_s", "networkx_s", "ratio_wall", "ratio_compute", "max_difference")]

    def report(name, wall, compute, reference, difference, target):
        ratio_wall = reference / wall if reference else None
        ratio_compute = reference / compute if reference and compute > 0 else None
        verdict = ""
        if target and ratio_wall is not None:
            verdict = "  target >= 10x: " + ("met" if ratio_wall >= TARGET_RATIO else
                                                ("met on compute only" if (ratio_compute or 0) >= TARGET_RATIO else "MISSED"))
        shown = lambda x, f: "-" if x is None else format(x, f)  # noqa: E731
        print(f"  {name:26} ours {wall:8.3f} s wall, {compute:8.4f} s compute | networkx {shown(reference, '8.3f')} s"
              f" | ratio {shown(ratio_wall, '7.1f')}x wall, {shown(ratio_compute, '9.1f')}x compute"
              f" | max diff {shown(difference, '.1e')}{verdict}")
        rows.append((name, f"{wall:.6f}", f"{compute:.6f}", shown(reference, ".6f"), shown(ratio_wall, ".2f"),
                     shown(ratio_compute, ".2f"), shown(difference, ".3e")))

    print(f"networkx {nx.__version__}; kam {kam}" + ("  (smoke: tiny sizes, the ratios say nothing)" if args.smoke else ""))
    account_size(kam, *account, args.seed, repeat, report)
    if not args.skip_large:
        whole_database(kam, *database, args.seed, args.with_networkx_large, report)

    out = os.environ.get("BENCH_OUT")
    if out:
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "graph_analytics.tsv"), "w", encoding="utf-8") as f:
            f.write("".join("\t".join(r) + "\n" for r in rows))
    if peer.PROBLEMS:
        sys.exit(f"FAILED: {len(peer.PROBLEMS)} results differ from networkx")
    print("results equal to networkx")


if __name__ == "__main__":
    main()
