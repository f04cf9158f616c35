#!/usr/bin/env python3
"""Cross-check of `kam graph` against networkx (a real peer nobody here wrote).

Builds seeded random graphs (up to 500 people / 5,000 connections; ties, dangling nodes,
disconnected parts, repeated pairs, ids that need CSV quoting), writes each as the edges CSV
`source,target,strength`, runs

    KAM graph pagerank --edges F
    KAM graph betweenness --edges F [--unweighted]
    KAM graph strongest-path --edges F --from A --to B

and compares with networkx on the same graph:
  * pagerank: networkx.pagerank(weight='strength', tol=1e-12, max_iter large): values within
    1e-6 and the same ranking (order by value; values within 1e-12 of each other may come in
    either order);
  * betweenness: networkx.betweenness_centrality(normalized=True) with weight 'w' = 60 // strength
    (whole numbers, so equal-length paths tie exactly on both sides), or weight=None for
    --unweighted; same checks;
  * strongest path: networkx.shortest_path with cost -ln(strength/5) gives the best product
    (ours must match within 1e-9, and both agree on whether a path exists). networkx breaks ties
    its own way, so the path itself is checked against the canonical answer computed here with
    exact arithmetic (fractions.Fraction): largest product, then fewest hops, then the smallest
    sequence of ids read from the source. That reference is itself checked against brute
    enumeration of all simple paths on the small graphs.

Repeated pairs: `kam` keeps the strongest connection of a repeated (source, target) pair, so
the networkx graph is built the same way.

Usage: python3 tests/peer/graph_check.py --kam .build/release/kam [--seed 1] [--quick]
Exits non-zero with the first mismatches on any difference.
"""
import argparse
import csv
import heapq
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

try:
    import networkx as nx
except ImportError:  # scripts/test installs networkx into the project's venv
    _venv = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".venv", "bin", "python")
    if __name__ == "__main__" and os.path.exists(_venv) and os.path.realpath(sys.executable) != os.path.realpath(_venv):
        os.execv(_venv, [_venv, *sys.argv])
    sys.exit("networkx is missing: pip install networkx scipy")

VALUE_TOLERANCE = 1e-6
TIE_TOLERANCE = 1e-12
PRODUCT_TOLERANCE = 1e-9


# ---------------------------------------------------------------- graphs

def random_graph(rng, people, connections, parts=1, dangling_share=0.1, strong_share=0.4, repeats=0, odd_ids=False):
    """Edges (source, target, strength) over `people` ids split into `parts` disconnected parts.

    A share of people never influence anyone (dangling), strength 5 is common (zero-cost hops,
    so many strongest-path ties), and `repeats` pairs appear twice with different strengths.
    """
    width = len(str(people))
    ids = ["p%0*d" % (width + 1, i) for i in range(people)]
    if odd_ids:  # ids a CSV must quote, and non-ASCII ones
        for i in range(0, people, 7):
            ids[i] = ids[i] + rng.choice([',x', '"q"', ' sp', '-\u00e9'])
    rng.shuffle(ids)
    groups = [ids[k::parts] for k in range(parts)]
    edges = {}
    budget = connections
    for g, group in enumerate(groups):
        if len(group) < 2:
            continue
        dangling = set(group[: max(0, int(len(group) * dangling_share))])
        senders = [p for p in group if p not in dangling] or group
        share = budget // (parts - g)
        limit = len(senders) * (len(group) - 1)
        want = min(share, limit)
        attempts = 0
        made = 0
        while made < want and attempts < want * 20:
            attempts += 1
            a = rng.choice(senders)
            b = rng.choice(group)
            if a == b or (a, b) in edges:
                continue
            edges[(a, b)] = 5 if rng.random() < strong_share else rng.randint(1, 4)
            made += 1
        budget -= made
    rows = [(a, b, s) for (a, b), s in edges.items()]
    for a, b, s in rng.sample(rows, min(repeats, len(rows))):
        rows.append((a, b, rng.randint(1, 5)))
    rng.shuffle(rows)
    return rows


def to_networkx(rows):
    G = nx.DiGraph()
    for a, b, s in rows:
        if G.has_edge(a, b):
            s = max(s, G[a][b]["strength"])  # kam keeps the strongest of a repeated pair
        G.add_edge(a, b, strength=s, w=60 // s, cost=-math.log(s / 5))
    return G


def write_csv(rows, path):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["source", "target", "strength"])
        writer.writerows(rows)


# ---------------------------------------------------------------- running kam

def run_kam(kam, args):
    started = time.perf_counter()
    done = subprocess.run([kam, "graph", *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        fail(f"kam graph {' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    try:
        return json.loads(done.stdout), elapsed
    except json.JSONDecodeError as error:
        fail(f"kam graph {' '.join(args)} printed no JSON ({error}): {done.stdout[:200]!r}")


# ---------------------------------------------------------------- comparisons

PROBLEMS = []


def fail(message):
    print("MISMATCH: " + message, file=sys.stderr)
    sys.exit(1)


def problem(message):
    PROBLEMS.append(message)
    if len(PROBLEMS) <= 20:
        print("MISMATCH: " + message, file=sys.stderr)


def compare_scores(label, ours, theirs):
    """Values within VALUE_TOLERANCE and the same ranking; returns the largest difference."""
    if set(ours) != set(theirs):
        problem(f"{label}: different people: only ours {sorted(set(ours) - set(theirs))[:5]}, "
                f"only networkx {sorted(set(theirs) - set(ours))[:5]}")
        return math.inf
    worst = max((abs(ours[k] - theirs[k]) for k in ours), default=0.0)
    if worst > VALUE_TOLERANCE:
        k = max(ours, key=lambda k: abs(ours[k] - theirs[k]))
        problem(f"{label}: {k} is {ours[k]!r}, networkx {theirs[k]!r}")
    ranking_ours = sorted(ours, key=lambda k: (-ours[k], k))
    ranking_theirs = sorted(theirs, key=lambda k: (-theirs[k], k))
    for position, (a, b) in enumerate(zip(ranking_ours, ranking_theirs)):
        # Different people at a position are fine only if they tie (both sides).
        if a != b and not (abs(ours[a] - ours[b]) <= TIE_TOLERANCE and abs(theirs[a] - theirs[b]) <= TIE_TOLERANCE):
            problem(f"{label}: ranking differs at {position}: ours {a} ({ours[a]!r}), networkx {b} ({theirs[b]!r})")
            break
    return worst


def exact_strength(G, a, b):
    return G[a][b]["strength"]


def canonical_strongest_path(G, source, target):
    """Largest product of strength/5, then fewest hops, then smallest id sequence; exact.

    Labels (product, hops) by Dijkstra on exact fractions; every edge of an optimal path is
    tight (subpaths of optimal paths are optimal, since a detour never raises the product and
    adds hops), all optimal paths have the same hop count, so walking from the source and always
    taking the smallest tight successor that can still reach the target yields the smallest
    sequence.
    """
    best = {source: (Fraction(1), 0)}
    heap = [(Fraction(-1), 0, source)]
    done = set()
    while heap:
        negative, hops, u = heapq.heappop(heap)
        if u in done or (-negative, hops) != best[u]:
            continue
        done.add(u)
        for v in G.successors(u):
            offer = (-negative * Fraction(exact_strength(G, u, v), 5), hops + 1)
            if v not in best or (-offer[0], offer[1]) < (-best[v][0], best[v][1]):
                best[v] = offer
                heapq.heappush(heap, (-offer[0], offer[1], v))
    if target not in best:
        return None

    def tight(u, v):
        return u in best and best[u][0] * Fraction(exact_strength(G, u, v), 5) == best[v][0] and best[u][1] + 1 == best[v][1]

    can_finish = {target}
    frontier = [target]
    while frontier:
        v = frontier.pop()
        for u in G.predecessors(v):
            if u not in can_finish and tight(u, v):
                can_finish.add(u)
                frontier.append(u)
    path = [source]
    while path[-1] != target:
        u = path[-1]
        path.append(min(v for v in G.successors(u) if v in can_finish and tight(u, v)))
    return path


def brute_strongest_path(G, source, target):
    if source == target:
        return [source]
    best = None
    for path in nx.all_simple_paths(G, source, target):
        product = Fraction(1)
        for a, b in zip(path, path[1:]):
            product *= Fraction(exact_strength(G, a, b), 5)
        key = (-product, len(path), path)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def path_product(G, path):
    product = 1.0
    for a, b in zip(path, path[1:]):
        product *= G[a][b]["strength"] / 5
    return product


def check_paths(kam, G, csv_path, rng, pairs, label, brute):
    timings = []
    reachable = ties = 0
    nodes = sorted(G.nodes)
    chosen = []
    for i in range(pairs):
        a = rng.choice(nodes)
        reach = sorted(nx.descendants(G, a)) if i % 2 == 0 else []
        chosen.append((a, rng.choice(reach or nodes)))  # half of them reachable when possible
    chosen.append((nodes[0], nodes[0]))  # a source is its own target: a path of no hops
    for a, b in chosen:
        answer, elapsed = run_kam(kam, ["strongest-path", "--edges", csv_path, "--from", a, "--to", b])
        timings.append(elapsed)
        try:
            reference = nx.shortest_path(G, a, b, weight="cost")
        except nx.NetworkXNoPath:
            reference = None
        canonical = canonical_strongest_path(G, a, b)
        if brute and brute_strongest_path(G, a, b) != canonical:
            fail(f"{label}: the reference itself is wrong for {a}->{b} (brute force disagrees); fix graph_check.py")
        if (reference is None) != (canonical is None):
            fail(f"{label}: the reference and networkx disagree on whether {a} reaches {b}")
        if reference is None:
            if answer.get("path") is not None:
                problem(f"{label}: {a}->{b}: networkx finds no path, ours {answer['path']}")
            continue
        reachable += 1
        ties += reference != canonical  # networkx's own tie-break chose another optimal path
        if answer.get("path") is None:
            problem(f"{label}: {a}->{b}: ours finds no path, networkx {reference}")
            continue
        ours = answer["path"]
        if any(not G.has_edge(x, y) for x, y in zip(ours, ours[1:])) or ours[0] != a or ours[-1] != b:
            problem(f"{label}: {a}->{b}: ours {ours} is not a path of the graph")
            continue
        if abs(answer["product"] - path_product(G, reference)) > PRODUCT_TOLERANCE:
            problem(f"{label}: {a}->{b}: product {answer['product']!r}, networkx {path_product(G, reference)!r}")
        if abs(answer["product"] - path_product(G, ours)) > PRODUCT_TOLERANCE:
            problem(f"{label}: {a}->{b}: printed product {answer['product']!r} is not its path's {path_product(G, ours)!r}")
        if ours != canonical:
            problem(f"{label}: {a}->{b}: tie-break: ours {ours}, canonical {canonical}")
    return f"{len(chosen)} ({reachable} reachable, {ties} decided by the tie-break)", timings


# ---------------------------------------------------------------- main

def scenarios(quick):
    """(label, people, connections, options): small ones first (brute-forced paths)."""
    small = [
        ("tiny-ties", 7, 14, dict(strong_share=0.8)),
        ("tiny-parts", 9, 16, dict(parts=2, strong_share=0.6)),
        ("tiny-repeats", 8, 18, dict(repeats=5, strong_share=0.5)),
        ("tiny-odd-ids", 9, 20, dict(odd_ids=True, strong_share=0.7)),
    ]
    medium = [
        ("dense-100", 100, 1500, dict(strong_share=0.5)),
        ("parts-300", 300, 1800, dict(parts=3, dangling_share=0.2, repeats=40, odd_ids=True)),
        ("ci-500", 500, 5000, dict(parts=2, repeats=100)),
    ]
    return small + ([("sparse-60", 60, 90, dict(dangling_share=0.3))] if quick else medium)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kam", required=True, help="the kam executable")
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--pairs", type=int, default=25, help="strongest-path queries per graph")
    parser.add_argument("--quick", action="store_true", help="small graphs only")
    args = parser.parse_args()
    kam = os.path.abspath(args.kam)
    print(f"networkx {nx.__version__}, kam {kam}, seed {args.seed}")
    with tempfile.TemporaryDirectory() as folder:
        for number, (label, people, connections, options) in enumerate(scenarios(args.quick)):
            rng = random.Random(args.seed * 1000 + number)
            rows = random_graph(rng, people, connections, **options)
            G = to_networkx(rows)
            csv_path = os.path.join(folder, f"{label}.csv")
            write_csv(rows, csv_path)
            line = [f"{label:13} n={G.number_of_nodes():4} m={G.number_of_edges():5}"]

            ours, elapsed = run_kam(kam, ["pagerank", "--edges", csv_path])
            started = time.perf_counter()
            theirs = nx.pagerank(G, alpha=0.85, weight="strength", tol=1e-12, max_iter=100_000)
            line.append(f"pagerank Δ{compare_scores(label + ' pagerank', ours, theirs):.1e} "
                        f"({elapsed * 1e3:.0f} ms vs {(time.perf_counter() - started) * 1e3:.0f} ms)")

            for weighted in (True, False):
                ours, elapsed = run_kam(kam, ["betweenness", "--edges", csv_path] + ([] if weighted else ["--unweighted"]))
                started = time.perf_counter()
                theirs = nx.betweenness_centrality(G, normalized=True, weight="w" if weighted else None)
                name = "betweenness" if weighted else "unweighted"
                line.append(f"{name} Δ{compare_scores(f'{label} {name}', ours, theirs):.1e} "
                            f"({elapsed * 1e3:.0f} ms vs {(time.perf_counter() - started) * 1e3:.0f} ms)")

            summary, _ = check_paths(kam, G, csv_path, rng, args.pairs, label, brute=people <= 10)
            line.append(f"paths {summary}")
            print("  ".join(line))
    if PROBLEMS:
        print(f"FAILED: {len(PROBLEMS)} mismatches against networkx", file=sys.stderr)
        sys.exit(1)
    print("OK: kam graph agrees with networkx (pagerank, betweenness weighted and unweighted, strongest paths)")


if __name__ == "__main__":
    main()
