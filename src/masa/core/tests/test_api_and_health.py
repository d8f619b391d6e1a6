import json
import os
import subprocess
import sys

from masa.accounts.services import api_token_create
from masa.accounts.tests.factories import make_member
from masa.core.roles import Role


def _token_for(person):
    return api_token_create(actor=person, name="test")[1]


def test_the_api_answers_a_missing_token_with_what_to_do(client, db):
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 401
    assert "Authorization: Token" in response.json()["error"]


def test_a_malformed_token_header_is_explained(client, db):
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION="Token two parts")
    assert response.status_code == 401
    assert "no spaces" in response.json()["error"]


def test_an_unknown_record_answers_404_with_a_sentence(client, world):
    token = _token_for(make_member(Role.BUSINESS_MANAGER, world.own))
    response = client.get("/api/v1/organisations/99999/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 404
    assert response.json() == {"error": "There is no such record, or you may not see it."}


def test_writing_to_the_read_only_directory_is_refused_with_405(client, world):
    token = _token_for(make_member(Role.BUSINESS_MANAGER, world.own))
    response = client.post(
        "/api/v1/organisations/",
        data={},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert response.status_code == 405
    assert "POST" in response.json()["error"]


def test_a_token_reads_organisations_filtered_by_kind(client, world):
    token = _token_for(make_member(Role.BUSINESS_MANAGER, world.own))
    response = client.get(
        "/api/v1/organisations/?kind=relevant_agency", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 200
    names = [o["name"] for o in response.json()["results"]]
    assert names == ["Testshire NHS Foundation Trust", "Testshire Probation Service"]


def test_a_revoked_token_stops_working(client, world):
    from masa.accounts.services import api_token_revoke

    person = make_member(Role.BUSINESS_MANAGER, world.own)
    api_token, token = api_token_create(actor=person, name="test")
    api_token_revoke(actor=person, api_token=api_token)
    response = client.get("/api/v1/organisations/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 401


def test_the_schema_describes_the_api_and_its_token(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    schema = json.loads(response.content)
    assert "/api/v1/organisations/" in schema["paths"]
    assert "/api/v1/people/{id}/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


def test_the_api_reference_page_lists_every_operation(client, db):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert b"/api/v1/organisations/{id}/" in response.content


def test_health_is_ok_with_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_says_which_part_failed_when_the_database_is_down(tmp_path):
    # A real failure: MASA pointed at a PostgreSQL port where nothing listens.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.content.decode())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "masa.config.settings.test",
        "DATABASE_URL": "postgres://masa@127.0.0.1:9/none",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "unavailable", "database": "unavailable"}


HUGE = "26407182505485818624614504333312"  # past any 64-bit id: found by the T13 fuzz test


def test_an_id_filter_past_any_possible_id_is_refused_with_400(client, world):
    token = _token_for(make_member(Role.BUSINESS_MANAGER, world.own))
    for url in (
        f"/api/v1/progress-updates/?action={HUGE}",
        f"/api/v1/meeting-actions/?meeting={HUGE}",
        f"/api/v1/contributions/?budget={HUGE}",
        f"/api/v1/budget?partnership={HUGE}",
    ):
        response = client.get(url, HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 400, url
        assert "as its id" in json.dumps(response.json()["fields"]), url


def test_pages_are_bounded_and_a_huge_offset_is_past_the_end(client, world):
    token = _token_for(make_member(Role.BUSINESS_MANAGER, world.own))
    response = client.get(
        f"/api/v1/organisations/?limit={HUGE}&offset={HUGE}", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert "limit=500" in response.json()["previous"]
