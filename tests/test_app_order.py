"""The layer contract in pyproject.toml sees every app of ours.

`lint-imports` (run by `make test` and `make lint`) checks the order of the apps, but only in the packages
named in root_packages: an app left out there is not looked at at all, and its layer, written optional
while the app did not exist yet, passes unseen. These tests catch a new app that was not added.
"""

import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings

CONFIG = tomllib.loads((Path(settings.BASE_DIR) / "pyproject.toml").read_text())["tool"]["importlinter"]
ROOT_PACKAGES = set(CONFIG["root_packages"])
(LAYERS,) = [contract["layers"] for contract in CONFIG["contracts"] if contract["type"] == "layers"]


def _name(layer):
    return layer.strip("()")


def _our_apps():
    base = Path(settings.BASE_DIR).resolve()
    return {config.name for config in apps.get_app_configs() if Path(config.path).resolve().parent == base}


def test_every_app_of_ours_is_a_root_package_of_the_layer_contract():
    assert _our_apps() - ROOT_PACKAGES == set()


def test_every_root_package_has_its_place_in_the_order():
    assert ROOT_PACKAGES - {_name(layer) for layer in LAYERS} == set()


def test_a_layer_is_optional_only_while_its_package_does_not_exist():
    base = Path(settings.BASE_DIR)
    for layer in LAYERS:
        exists = (base / _name(layer) / "__init__.py").exists()
        assert layer.startswith("(") != exists, f"{layer}: {'remove the parentheses' if exists else 'not there'}"
