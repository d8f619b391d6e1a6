"""`make bench` in miniature: the generator and the measurement work, every page answers 200,
and no page's number of queries grows with the size of the partnership. No timings are
asserted: latency is for bench/run.py to report, not for the test suite to judge."""

from __future__ import annotations

import pytest
from bench.generate import SMALL, generate, reset
from bench.measure import PAGES, ROLES, measure, percentile, query_growth


@pytest.mark.django_db
def test_every_page_answers_and_queries_do_not_grow_with_scale():
    by_scale = {}
    volumes = {}
    for scale in (1, 2):
        reset()
        ids = generate(scale, SMALL)
        volumes[scale] = ids["volumes"]
        by_scale[scale] = measure(ids, repeat=2)

    assert volumes[2]["people_in_partnership"] == 2 * volumes[1]["people_in_partnership"]
    assert volumes[2]["organisations_in_partnership"] > volumes[1]["organisations_in_partnership"]
    for results in by_scale.values():
        assert set(results) == set(ROLES)
        for role, pages in results.items():
            assert list(pages) == [page.label for page in PAGES if role in page.roles]
            for label, result in pages.items():
                assert result["status"] == 200, label
                assert result["queries"] == len(result["sql"]) > 0, label
    assert query_growth(by_scale) == []


def test_query_growth_names_the_page_and_the_counts():
    page = {"status": 200, "queries": 4}
    grown = {"status": 200, "queries": 13}
    by_scale = {1: {"agency_lead": {"/people/": page}}, 10: {"agency_lead": {"/people/": grown}}}

    assert query_growth(by_scale) == ["/people/ as agency_lead: 4 at scale 1, 13 at scale 10"]


def test_percentile_interpolates_between_ranks():
    samples = [float(n) for n in range(1, 21)]  # 1..20

    assert percentile(samples, 0.5) == 10.5
    assert percentile(samples, 0.95) == pytest.approx(19.05)
    assert percentile([7.0], 0.95) == 7.0
