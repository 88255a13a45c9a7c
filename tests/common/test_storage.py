"""Static addresses (common/storage.py): the hashed address from the manifest, worked out once per name."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from whitenoise.storage import CompressedManifestStaticFilesStorage

from common.storage import StaticFilesStorage


def test_the_portal_serves_hashed_addresses_worked_out_once(monkeypatch, settings):
    settings.DEBUG = False
    assert isinstance(staticfiles_storage, StaticFilesStorage)
    storage = StaticFilesStorage()
    address = storage.url("css/portal.css")
    assert address.startswith(settings.STATIC_URL + "css/portal.") and address != settings.STATIC_URL + "css/portal.css"

    def looked_up_again(*_args, **_kwargs):
        raise AssertionError("the manifest was read again")

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", looked_up_again)
    assert storage.url("css/portal.css") == address
    settings.DEBUG = True  # in development, a file changed and collected again shows at once
    with pytest.raises(AssertionError, match="read again"):
        storage.url("css/portal.css")
