"""The glossary ("Zo tellen we") lists every figure of the one register with its Dutch label and
definition, its unit, and the signals of a network's health."""

import pytest
from django.utils import translation
from django.utils.html import escape

from metrics import health, registry


@pytest.fixture
def glossary(login, staff):
    response = login(staff).get("/dashboards/definitions/")
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("figure", registry.all_metrics(), ids=lambda figure: figure.name)
def test_the_glossary_defines_every_registered_figure(glossary, figure):
    with translation.override("nl"):
        label, definition = str(figure.label), str(figure.definition)
    assert f'<dt id="{figure.name}">{escape(label)}</dt>' in glossary
    assert escape(definition) in glossary
    assert f"<code>{figure.name}</code>" in glossary


@pytest.mark.parametrize("figure", registry.all_metrics(), ids=lambda figure: figure.name)
def test_the_glossary_gives_each_figure_in_dutch(figure):
    with translation.override("en"):
        english = str(figure.label), str(figure.definition)
    with translation.override("nl"):
        dutch = str(figure.label), str(figure.definition)
    assert dutch[0] != english[0], f"no Dutch label for {figure.name}"
    assert dutch[1] != english[1], f"no Dutch definition for {figure.name}"


@pytest.mark.parametrize("signal", health.SIGNALS, ids=lambda signal: signal.name)
def test_the_glossary_explains_every_health_signal(glossary, signal):
    with translation.override("nl"):
        label, definition, advice = str(signal.label), str(signal.definition), str(signal.advice)
    assert f'<dt id="signal-{signal.name}">{escape(label)}</dt>' in glossary
    assert escape(definition) in glossary
    assert escape(advice) in glossary


def test_each_dashboard_links_to_the_glossary(login, network, staff):
    assert 'href="/dashboards/definitions/"' in login(staff).get("/dashboards/").text
