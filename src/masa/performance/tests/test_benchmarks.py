"""The indicator catalogue and benchmarks, on the fixture slice imported with the real
importer (fixtures/README.md), and on the whole of ../shared/data when it is there.

The figures below were checked by hand against the source rows quoted beside them."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from masa.accounts.tests.factories import make_member, signed_in_client
from masa.core.roles import Role
from masa.partnership.models import LocalAuthority, Partnership
from masa.performance.benchmarks import (
    NO_MEASURE,
    BenchmarkRequestError,
    benchmark,
    find_authority,
    find_indicator,
    rag_for,
    sn_model_for,
)
from masa.performance.catalogue import CATALOGUE, load_indicator_catalogue, load_performance_demo
from masa.performance.dfe_import import import_directory
from masa.performance.models import (
    Area,
    Indicator,
    IndicatorTarget,
    Measure,
    Observation,
    Polarity,
    StatisticalNeighbour,
)

FIXTURES = Path(__file__).parent / "fixtures"
SHARED_DATA = Path(__file__).resolve().parents[5] / "shared" / "data"


def _import(directory: Path = FIXTURES) -> None:
    import_directory(directory, out=io.StringIO())


def _benchmark(code: str, dfe_code: str, period: int, **kwargs):
    return benchmark(find_indicator(code), find_authority(dfe_code), period, **kwargs)


def _somerset_partnership(target: str | None = None, code: str = "re-referrals-12-months"):
    partnership = Partnership.objects.create(name="Somerset SCP", short_name="SSCP")
    partnership.area.add(LocalAuthority.objects.get(dfe_code="933"))
    if target is not None:
        IndicatorTarget.objects.create(
            partnership=partnership,
            indicator=Indicator.objects.get(code=code),
            year=2023,
            value=Decimal(target),
        )
    return partnership


# ---------------------------------------------------------------- the catalogue


@pytest.mark.django_db
def test_the_catalogue_loads_once_and_links_the_imported_measures():
    first = load_indicator_catalogue()
    assert first["indicators added"] == len(CATALOGUE)
    assert not Indicator.objects.filter(measure__isnull=False).exists()  # nothing imported yet

    _import()  # the import links the catalogue to what it brought in
    assert load_indicator_catalogue() == {}  # idempotent

    linked = dict(
        Indicator.objects.filter(measure__isnull=False).values_list("code", "measure__code")
    )
    # The fixture's LAIT slice holds ReReferral, CP_conf_15days, CPP_Num and CPPlans2yrs.
    assert linked["re-referrals-12-months"] == "ReReferral"
    assert linked["icpc-within-15-days"] == "CP_conf_15days"
    assert linked["cp-plans-2-years-or-more"] == "CPPlans2yrs"
    assert linked["cp-plans"] == "CPP_At31"
    assert linked["children-in-need"] == "At31_episodes"
    assert "cp-plans-rate" not in linked  # LAIT's CPP_rate is not in the slice …
    rate = Indicator.objects.get(code="cp-plans-rate")
    assert rate.count_measure == Measure.objects.get(source="ees_d5", code="CPP_At31")  # … but
    # the count it is worked out from is.
    contacts = Indicator.objects.get(code="contacts")
    assert (contacts.source, contacts.submitted_by, contacts.measure) == (
        "local",
        "local_authority",
        None,
    )


@pytest.mark.django_db
def test_the_demo_targets_are_those_seed_003_states(world):
    partnership = world.partnership
    changes: Counter[str] = Counter()
    load_performance_demo(partnership, changes)
    load_performance_demo(partnership, changes)  # twice: nothing more

    targets = {
        t.indicator.code: (t.year, t.value)
        for t in IndicatorTarget.objects.filter(partnership=partnership)
    }
    # §6.8: re-referrals "exceeded its 2016/17 target of 22%"; plans of 2 years or more
    # "achieved the target of 2%"; second or subsequent plans "above target of 15%".
    assert targets == {
        "re-referrals-12-months": (2017, Decimal("22")),
        "cp-plans-2-years-or-more": (2017, Decimal("2")),
        "cp-plans-second-or-subsequent": (2017, Decimal("15")),
    }
    assert changes["indicator targets"] == 3


# ---------------------------------------------------------------- benchmarks on the fixture


@pytest.mark.django_db
def test_somerset_re_referrals_2023_beside_region_and_england():
    _import()
    partnership = _somerset_partnership(target="22")

    found = _benchmark("re-referrals-12-months", "933", 2023, partnership_ids=[partnership.pk])

    # LAIT: ReReferral,...,2023,Somerset,21.4,933.0,South West
    assert found.value.value == Decimal("21.4")
    # LAIT: ReReferral,...,2023,South West,23,990.0,NA
    assert (found.region_name, found.region.value) == ("South West", Decimal("23"))
    # LAIT: ReReferral,...,2023,England,22.4,970.0,NA
    assert found.england.value == Decimal("22.4")
    # 2023 uses the 2021 model; none of Somerset's ten neighbours in it (878, 908, 935, 838,
    # 893, 926, 884, 916, 845, 865) is in the slice, so all are left out and counted.
    assert found.sn_model == "2021"
    assert [n.dfe_code for n in found.neighbours] == [
        "878",
        "908",
        "935",
        "838",
        "893",
        "926",
        "884",
        "916",
        "845",
        "865",
    ]
    assert (found.sn_mean, found.sn_median, found.sn_left_out) == (None, None, 10)
    # Lower is better: 21.4 is under the 22% target.
    assert (found.target, found.rag) == (Decimal("22"), "green")
    # The trend: every year of the slice (2020 19.8, 2021 -, …, 2025 22.1).
    trend = {point.year: point.figure.value for point in found.trend}
    assert trend[2020] == Decimal("19.8") and trend[2025] == Decimal("22.1")
    assert list(trend) == [2020, 2021, 2022, 2023, 2024, 2025]


@pytest.mark.django_db
def test_neighbours_mean_and_median_leave_out_those_without_a_value():
    _import()

    found = _benchmark("icpc-within-15-days", "941", 2025)

    # 2025 model: sn_model_2025_wide.csv, 941,West Northamptonshire,...,822,...,940,...,937,
    # ...,866,...,933,...,935,...,311,...,855,...,931,...,303 ; of these only 940 and 933 are
    # in the slice:
    # LAIT: CP_conf_15days,...,2025,North Northamptonshire,81.5,940.0,East Midlands
    # LAIT: CP_conf_15days,...,2025,Somerset,90.4,933.0,South West
    assert found.sn_model == "2025"
    with_values = {n.dfe_code: n.figure.value for n in found.neighbours if n.figure.available}
    assert with_values == {"940": Decimal("81.5"), "933": Decimal("90.4")}
    assert found.sn_left_out == 8
    assert found.sn_mean == Decimal("85.95")  # (81.5 + 90.4) / 2
    assert found.sn_median == Decimal("85.95")
    # LAIT: CP_conf_15days,...,2025,West Northamptonshire,79.7,941.0,East Midlands
    assert found.value.value == Decimal("79.7")
    # LAIT: CP_conf_15days,...,2025,East Midlands,84.2,983.0 / England,81.4,970.0
    assert (found.region_name, found.region.value) == ("East Midlands", Decimal("84.2"))
    assert found.england.value == Decimal("81.4")
    assert found.target is None and found.rag is None


@pytest.mark.django_db
def test_a_median_of_three_and_the_dash_left_out():
    _import()
    # North Northamptonshire's 2025 neighbours in the slice: 941 (SN2) and 933 (SN5).
    # LAIT: ReReferral,...,2025,West Northamptonshire,23.9 ; Somerset,22.1
    found = _benchmark("re-referrals-12-months", "940", 2025)
    assert found.sn_mean == Decimal("23.00")
    assert found.sn_median == Decimal("23.00")
    # 2020 uses the 2021 model, where 940's first neighbour 941 has LAIT's '-' for 2020.
    # LAIT: ReReferral,...,2020,West Northamptonshire,-,941.0
    early = _benchmark("re-referrals-12-months", "940", 2020)
    assert early.sn_model == "2021"
    first = early.neighbours[0]
    assert (first.dfe_code, first.figure.value, first.figure.not_available_reason) == (
        "941",
        None,
        "-",
    )
    assert early.value.not_available_reason == "-"  # its own 2020 figure is '-' too
    assert early.sn_left_out == 10


@pytest.mark.django_db
def test_a_rate_is_worked_out_from_the_count_and_the_mid_year_population_before():
    _import()

    found = _benchmark("cp-plans-rate", "933", 2025)

    # d5: 2025,...,933,E06000066,Somerset,...,313 (CPP_At31); ONS mid-2024 Somerset 113024:
    # 313 × 10,000 / 113,024 = 27.69 → 27.7
    assert (found.value.value, found.value.computed) == (Decimal("27.7"), True)
    # d5 England 49420; ONS mid-2024 England 12183016: 40.56 → 40.6
    assert found.england.value == Decimal("40.6")
    # d5 South West 4290; ONS mid-2024 South West 1114244: 38.50 → 38.5
    assert found.region.value == Decimal("38.5")


@pytest.mark.django_db
def test_rag_follows_the_direction_of_better():
    assert rag_for(Decimal("21.4"), Decimal("22"), Polarity.LOWER_IS_BETTER) == "green"
    assert rag_for(Decimal("22"), Decimal("22"), Polarity.LOWER_IS_BETTER) == "green"
    assert rag_for(Decimal("23.1"), Decimal("22"), Polarity.LOWER_IS_BETTER) == "amber"  # 5%
    assert rag_for(Decimal("23.2"), Decimal("22"), Polarity.LOWER_IS_BETTER) == "red"
    assert rag_for(Decimal("95"), Decimal("100"), Polarity.HIGHER_IS_BETTER) == "amber"
    assert rag_for(Decimal("94.9"), Decimal("100"), Polarity.HIGHER_IS_BETTER) == "red"
    assert rag_for(Decimal("100"), Decimal("100"), Polarity.HIGHER_IS_BETTER) == "green"
    assert rag_for(Decimal("5"), Decimal("1"), Polarity.NEITHER) is None
    assert rag_for(None, Decimal("1"), Polarity.HIGHER_IS_BETTER) is None
    assert [sn_model_for(year) for year in (2016, 2024, 2025, 2026)] == [
        "2021",
        "2021",
        "2025",
        "2025",
    ]


@pytest.mark.django_db
def test_unknown_indicator_area_or_period_is_named():
    _import()
    with pytest.raises(BenchmarkRequestError, match="no indicator with the code 'nope'"):
        find_indicator("nope")
    with pytest.raises(BenchmarkRequestError, match="DfE number '999'"):
        find_authority("999")
    with pytest.raises(BenchmarkRequestError, match=r"no national figures for .* in 2012"):
        _benchmark("re-referrals-12-months", "933", 2012)
    local = _benchmark("contacts", "933", 2017)
    assert (local.value.value, local.value.not_available_reason) == (None, NO_MEASURE)


@pytest.mark.django_db
def test_the_number_of_queries_does_not_grow_with_the_areas_loaded():
    _import()
    partnership = _somerset_partnership(target="22")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _benchmark("cp-plans-rate", "933", 2025, partnership_ids=[partnership.pk])
            _benchmark("re-referrals-12-months", "933", 2023, partnership_ids=[partnership.pk])
        return len(queries)

    before = count()
    # Give every one of Somerset's neighbours (both models) figures for every year.
    measures = list(Measure.objects.filter(code__in=["ReReferral", "CPP_At31"]))
    neighbour_ids = set(
        StatisticalNeighbour.objects.filter(area__local_authority__dfe_code="933").values_list(
            "neighbour_id", flat=True
        )
    )
    Observation.objects.bulk_create(
        Observation(
            measure=measure, area_id=area, year=year, period_label=str(year), value=Decimal(20)
        )
        for measure in measures
        for area in neighbour_ids
        for year in range(2020, 2026)
        if not Observation.objects.filter(measure=measure, area_id=area, year=year).exists()
    )
    after = count()
    assert Area.objects.filter(observations__isnull=False).distinct().count() > 20
    assert before == after
    assert _benchmark("re-referrals-12-months", "933", 2023).sn_left_out == 0


# ---------------------------------------------------------------- the API


@pytest.mark.django_db
def test_the_api_lists_indicators_and_answers_a_benchmark(world):
    _import()
    person = make_member(Role.PRACTITIONER, world.own)
    client = signed_in_client(person)
    world.partnership.area.add(LocalAuthority.objects.get(dfe_code="933"))
    IndicatorTarget.objects.create(
        partnership=world.partnership,
        indicator=Indicator.objects.get(code="re-referrals-12-months"),
        year=2023,
        value=Decimal("21"),
    )

    listing = client.get("/api/v1/indicators/")
    assert listing.status_code == 200
    assert listing.json()["count"] == len(CATALOGUE)
    codes = [row["code"] for row in listing.json()["results"]]
    assert codes[:3] == ["contacts", "referrals", "re-referrals-12-months"]
    one = Indicator.objects.get(code="icpc-within-15-days")
    detail = client.get(f"/api/v1/indicators/{one.pk}/").json()
    assert detail["measure"] == {
        "source": "lait",
        "code": "CP_conf_15days",
        "title": Measure.objects.get(code="CP_conf_15days").title,
    }
    assert (detail["unit"], detail["direction"]) == ("percent", "higher")

    answer = client.get(
        "/api/v1/benchmarks", {"indicator": "re-referrals-12-months", "area": "933", "period": 2023}
    )
    assert answer.status_code == 200
    body = answer.json()
    assert {k: body[k] for k in ("value", "sn_mean", "sn_median", "sn_model", "region")} == {
        "value": 21.4,
        "sn_mean": None,
        "sn_median": None,
        "sn_model": "2021",
        "region": 23.0,
    }
    # 21.4 against a 21% target: worse, but within 5% of it.
    assert (body["england"], body["target"], body["rag"]) == (22.4, 21.0, "amber")
    assert body["sn_left_out"] == 10 and len(body["neighbours"]) == 10
    assert body["trend"][0] == {
        "year": 2020,
        "value": 19.8,
        "not_available_reason": "",
        "computed_from_count": False,
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"area": "933", "period": "2023"}, "Give indicator"),
        ({"period": "2023"}, "Give indicator, area"),
        ({"indicator": "nope", "area": "933", "period": "2023"}, "no indicator with the code"),
        ({"indicator": "contacts", "area": "999", "period": "2023"}, "DfE number '999'"),
        ({"indicator": "contacts", "area": "Somerset", "period": "2023"}, "3-digit DfE number"),
        ({"indicator": "cp-plans", "area": "933", "period": "2016/17"}, "the year it ends"),
        ({"indicator": "cp-plans", "area": "933", "period": "2012"}, "no national figures"),
    ],
)
def test_the_api_names_the_problem_with_a_bad_request(world, query, message):
    _import()
    client = signed_in_client(make_member(Role.PRACTITIONER, world.own))
    answer = client.get("/api/v1/benchmarks", query)
    assert answer.status_code == 400
    assert message in answer.json()["error"]


@pytest.mark.django_db
def test_without_parameters_the_api_says_how_to_ask(world):
    client = signed_in_client(make_member(Role.PRACTITIONER, world.own))
    answer = client.get("/api/v1/benchmarks")
    assert answer.status_code == 200
    assert "indicator=icpc-within-15-days&area=933&period=2017" in answer.json()["example"]


@pytest.mark.django_db
def test_the_api_is_for_signed_in_people_only():
    assert _access_of("/api/v1/benchmarks") == "signed in"
    from django.test import Client

    assert Client().get("/api/v1/indicators/").status_code in (401, 403)
    assert Client().get("/api/v1/benchmarks?indicator=contacts").status_code in (401, 403)


def _access_of(path: str) -> str:
    from django.urls import resolve

    from masa.core.access import classification

    found = classification(resolve(path).func)
    assert found is not None
    return str(found[0])


# ---------------------------------------------------------------- the whole of ../shared/data


@pytest.mark.django_db
@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not beside the repo")
def test_somerset_2017_icpcs_within_15_working_days_in_the_national_files():
    """Seed 003 §6.8 says 94.7% against England 76.7% and neighbours 74.1% (figures of the
    time); the national files, as published since, say 94.1% against England 77.2%."""
    _import(SHARED_DATA)

    found = _benchmark("icpc-within-15-days", "933", 2017)

    # LAIT: CP_conf_15days,...,2017,Somerset,94.100000000000009,933.0
    assert found.value.value == Decimal("94.1")
    # LAIT: CP_conf_15days,...,2017,England,77.2,970.0 ; South West,...,990.0
    assert found.england.value == Decimal("77.2")
    assert found.sn_model == "2021"
    assert [n.dfe_code for n in found.neighbours][:3] == ["878", "908", "935"]
    values = [n.figure.value for n in found.neighbours if n.figure.value is not None]
    # LAIT 2017, the 2021 model's neighbours: Devon (878) 85.4, Cornwall (908) 85.7, Suffolk
    # (935) 79.6, Dorset (838) '-' (Dorset Council's number dates from 2019), Shropshire (893)
    # 89, Norfolk (926) 94.6, Herefordshire (884) 88.6, Gloucestershire (916) 40.3, East
    # Sussex (845) 59.8, Wiltshire (865) 49.8. Mean of the nine: 672.8 / 9 = 74.76; median 85.4.
    assert len(values) == 9 and found.sn_left_out == 1
    assert (found.sn_mean, found.sn_median) == (Decimal("74.76"), Decimal("85.40"))
    # LAIT: CP_conf_15days,...,2017,South West,76.4,990.0
    assert found.region.value == Decimal("76.4")
    # Re-referrals, 2016/17: LAIT ReReferral 2017 Somerset 19.9 (the seed's local figure 20.8).
    assert _benchmark("re-referrals-12-months", "933", 2017).value.value == Decimal("19.9")
    # CP plans rate, published: LAIT CPP_rate 2017 Somerset 37.700000000000003 (seed: 37.9).
    rate = _benchmark("cp-plans-rate", "933", 2017)
    assert (rate.value.value, rate.value.computed) == (Decimal("37.7"), False)
