"""The seed's `integrations` module: the same names, parameters and result types.

`org_id` and `scope` are the three-valued scope: both omitted is the key's own team (never the
platform's defaults), `scope="global"` the platform's defaults, an organization id that team.
`None` (or `False`) means "not found"; every other refusal raises GatehouseError.
"""

from urllib.parse import quote

from ._http import call
from .errors import GatehouseError
from .types import IntegrationData, IntegrationMappingResponse, integration_data, mapping


def _path(name: str, rest: str) -> str:
    return f"/api/v1/providers/{quote(name, safe='')}{rest}"


def _scope(org_id: str | None, scope: str | None = None) -> str | None:
    return scope if scope is not None else org_id


async def get(name: str, org_id: str | None = None, scope: str | None = None) -> IntegrationData | None:
    data, _found = await call("GET", _path(name, "/connection"), {"scope": _scope(org_id, scope)})
    return integration_data(data) if data else None


async def list_mappings(name: str) -> list[IntegrationMappingResponse] | None:
    """Every team's mappings with a platform key; a team key, refused those, gets its own team's."""
    try:
        data, found = await call("GET", _path(name, "/mappings"), {"scope": "global"})
    except GatehouseError as error:
        if error.status != 403:
            raise
        data, found = await call("GET", _path(name, "/mappings"))
    return [mapping(entry) for entry in data] if found else None


async def get_mapping(
    name: str,
    org_id: str | None = None,
    entity_id: str | None = None,
) -> IntegrationMappingResponse | None:
    data, _found = await call("GET", _path(name, "/mapping"), {"scope": org_id, "entity_id": entity_id})
    return mapping(data) if data else None


async def upsert_mapping(
    name: str,
    org_id: str,
    entity_id: str,
    entity_name: str | None = None,
    config: dict | None = None,
) -> IntegrationMappingResponse:
    body: dict = {"entity_id": entity_id}
    if entity_name is not None:
        body["entity_name"] = entity_name
    if config is not None:
        body["config"] = config
    data, _found = await call("PUT", _path(name, "/mapping"), {"scope": org_id}, body)
    return mapping(data)


async def delete_mapping(name: str, org_id: str) -> bool:
    _data, found = await call("DELETE", _path(name, "/mapping"), {"scope": org_id})
    return found
