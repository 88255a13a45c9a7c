import pytest


@pytest.fixture(autouse=True)
def serve_stylesheets(settings):
    """The live server finds static files by their source names; with the manifest storage of
    production every page asked for hashed names, got 404s and ran without Bootstrap or portal.css,
    so layout and contrast went untested. Plain names make the browser see the real styles."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def no_content_security_policy_violations(request):
    """Pages run under the production Content-Security-Policy; anything it refuses (an inline script or
    style, a file from another origin) is a page that works differently for people than in review."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield
    assert refused == []
