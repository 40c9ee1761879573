"""The upload fixture; the files it sends and the other helpers are in tests/helpers.py."""

import pytest

from ..helpers import upload_form


@pytest.fixture
def upload(client):
    """upload(case_id, [(name, bytes)], **form fields) posts the staff upload form."""
    def post(case_id, files, **fields):
        return client.post(f"/cases/{case_id}/evidence/upload", data=upload_form(files, **fields),
                           content_type="multipart/form-data")
    return post
