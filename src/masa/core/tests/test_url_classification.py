"""SECURITY.md T7: every URL says who may reach it, and a new unclassified URL fails here."""

from django.urls import URLPattern, URLResolver, get_resolver

from masa.core.access import Access, classification


def all_patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_patterns(entry, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}", entry.callback


def test_every_url_is_classified():
    unclassified = [route for route, _, view in all_patterns() if classification(view) is None]
    assert unclassified == []


def test_the_public_urls_are_exactly_the_ones_meant_to_be_public():
    public = {name for _, name, view in all_patterns() if classification(view)[0] == Access.PUBLIC}
    assert public == {
        "core:landing",
        "core:healthz",
        "core:demo",
        "accounts:sign-in",
        "api-schema",
        "api-docs",
        # The published arrangements are public by statute (Working Together 2023).
        "arrangements:published",
        "arrangements:version",
        "arrangements:version-changes",
        "arrangements:version-pdf",
        "arrangements-version-list",
        "arrangements-version-detail",
        # Published summaries of practice reviews, approved by a second person (T10).
        "learning:published",
        "learning:published-review",
        "learning:published-file",
    }


def test_only_the_second_factor_pages_answer_after_a_password_alone():
    step = {
        name
        for _, name, view in all_patterns()
        if classification(view)[0] == Access.SECOND_FACTOR_STEP
    }
    assert step == {
        "accounts:second-factor",
        "accounts:set-up-second-factor",
        "accounts:passkey-sign-in-options",
        "accounts:passkey-sign-in",
    }


def test_the_walk_finds_the_api(db):
    routes = [route for route, _, _ in all_patterns()]
    assert any(route.startswith("api/v1/^organisations") for route in routes)
    assert len(routes) > 15


def test_an_unclassified_view_is_refused_not_served(client, settings, db):
    settings.ROOT_URLCONF = "masa.core.tests.urls_with_unclassified_view"
    response = client.get("/forgotten/")
    assert response.status_code == 404
    assert b"this should never be served" not in response.content
