"""The options of the S3-compatible object storage (django-storages' ``S3Storage``), from the
``STORAGE_S3_*`` settings; the tests give the same options to a real S3 server on loopback."""

from __future__ import annotations

from typing import Any


def s3_options(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    access_key_id: str = "",
    secret_access_key: str = "",
    prefix: str = "",
) -> dict[str, Any]:
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key_id or None,
        "secret_key": secret_access_key or None,
        "location": prefix,
        # private files: every download is a signed, short-lived address, never a public one
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 300,
        "file_overwrite": False,
    }
