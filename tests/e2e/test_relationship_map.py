"""The relationship map's export and analytics, read back by networkx (a real peer, from PyPI)."""

import io

import networkx as nx

from conftest import HTTP_TIMEOUT


def demo_accounts(api, base_url, count):
    items = api.get(f"{base_url}/api/v1/accounts", params={"limit": count}, timeout=HTTP_TIMEOUT).json()["items"]
    assert len(items) == count
    return [item["id"] for item in items]


def test_graphml_opens_in_networkx_and_its_pagerank_is_ours(api, base_url):
    for account in demo_accounts(api, base_url, 5):
        answer = api.get(f"{base_url}/api/v1/accounts/{account}/relationship-map", timeout=HTTP_TIMEOUT)
        assert answer.status_code == 200, answer.text[:300]
        ours = answer.json()
        exported = api.get(f"{base_url}/api/v1/accounts/{account}/relationship-map/graphml", timeout=HTTP_TIMEOUT)
        assert exported.status_code == 200
        assert exported.headers["content-type"].startswith("application/graphml+xml")
        graph = nx.read_graphml(io.BytesIO(exported.content))
        assert graph.is_directed()
        assert sorted(int(n) for n in graph.nodes) == sorted(p["id"] for p in ours["people"])
        kinds = [d["kind"] for _, _, d in graph.edges(data=True)]
        assert kinds.count("reporting") == len(ours["reportingLines"])
        assert len(kinds) - kinds.count("reporting") == len(ours["connections"])

        # The product's influence rank: PageRank on reversed influence; a reporting line is the
        # manager's influence on the report with strength 2 unless an influence is recorded.
        influence = nx.DiGraph()
        influence.add_nodes_from(graph.nodes)
        for source, target, data in graph.edges(data=True):
            if data["kind"] == "influence":
                influence.add_edge(target, source, weight=data["strength"])
        for source, target, data in graph.edges(data=True):
            if data["kind"] == "reporting" and not influence.has_edge(target, source):
                influence.add_edge(target, source, weight=2)
        reference = nx.pagerank(influence, alpha=0.85, weight="weight", tol=1e-12, max_iter=10_000)
        assert len(ours["influenceRanking"]) == len(reference)
        for entry in ours["influenceRanking"]:
            assert abs(entry["value"] - reference[str(entry["personID"])]) < 1e-6, (account, entry)
        # Same ranking: our order never puts someone networkx ranks clearly lower first.
        order = [str(e["personID"]) for e in ours["influenceRanking"]]
        for higher, lower in zip(order, order[1:]):
            assert reference[higher] >= reference[lower] - 1e-9, (account, higher, lower)
