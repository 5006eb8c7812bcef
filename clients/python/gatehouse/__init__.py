"""Gatehouse's Connections API for Python, standard library only.

    from gatehouse import integrations
    msft = await integrations.get("Microsoft_Graph")

Configured from GATEHOUSE_URL and GATEHOUSE_API_KEY (a team API key, or a platform key).
"""

from . import integrations
from .errors import GatehouseError
from .types import IntegrationData, IntegrationMappingResponse, OAuthCredentials


def workflow(function):
    """The seed's decorator: a workflow here is any coroutine, so this marks it and changes nothing."""
    function.is_workflow = True
    return function


__all__ = [
    "GatehouseError",
    "IntegrationData",
    "IntegrationMappingResponse",
    "OAuthCredentials",
    "integrations",
    "workflow",
]
