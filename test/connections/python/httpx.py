"""A stand-in for the third-party httpx the seed's usage pattern imports: it records each call
instead of reaching Microsoft, so the pattern runs as written with only the standard library."""

import json

CALLS = []


class _Response:
    def __init__(self, url):
        self._url = url

    def json(self):
        return {"url": self._url}


class AsyncClient:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False

    async def get(self, url, headers=None):
        CALLS.append({"url": url, "headers": headers or {}})
        return _Response(url)


def dump():
    return json.dumps(CALLS)
