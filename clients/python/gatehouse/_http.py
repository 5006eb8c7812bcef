"""One call to the API, off the event loop (urllib blocks), answering `$data`, or None for a 404."""

import asyncio
import json
import os
import urllib.error
import urllib.parse
import urllib.request

from .errors import GatehouseError

_TIMEOUT_SECONDS = 60


def _settings() -> tuple[str, str]:
    url = os.environ.get("GATEHOUSE_URL")
    key = os.environ.get("GATEHOUSE_API_KEY")
    if not url or not key:
        raise GatehouseError(0, "NOT_CONFIGURED", "Set GATEHOUSE_URL and GATEHOUSE_API_KEY.")
    return url.rstrip("/"), key


def _call(method: str, path: str, query: dict, body: dict | None):
    base, key = _settings()
    query = {name: value for name, value in query.items() if value is not None}
    url = f"{base}{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {key}")
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT_SECONDS) as response:
            return json.loads(response.read() or b"{}").get("$data"), True
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None, False
        try:
            answer = json.loads(error.read() or b"{}")
        except ValueError:
            answer = {}
        first = (answer.get("$errors") or [{}])[0]
        raise GatehouseError(
            error.code, first.get("code", "HTTP_ERROR"), first.get("message", str(error)), answer.get("$request")
        ) from None


async def call(method: str, path: str, query: dict | None = None, body: dict | None = None):
    return await asyncio.to_thread(_call, method, path, query or {}, body)
