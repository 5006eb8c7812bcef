"""The seed's result types, with its field names."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class OAuthCredentials:
    connection_name: str
    client_id: str | None
    client_secret: str | None
    authorization_url: str | None
    token_url: str | None
    scopes: list[str]
    access_token: str | None
    refresh_token: str | None
    expires_at: str | None


@dataclass
class IntegrationData:
    integration_id: str
    entity_id: str | None
    entity_name: str | None
    config: dict
    oauth: OAuthCredentials | None
    secret_keys: list[str] = field(default_factory=list)


@dataclass
class IntegrationMappingResponse:
    id: str
    integration_id: str
    organization_id: str
    entity_id: str | None
    entity_name: str | None
    oauth_token_id: str | None
    config: dict
    created_at: datetime
    updated_at: datetime
    secret_keys: list[str] = field(default_factory=list)
    refresh_state: str | None = None


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def integration_data(data: dict) -> IntegrationData:
    oauth = data.get("oauth")
    return IntegrationData(
        integration_id=data["integration_id"],
        entity_id=data.get("entity_id"),
        entity_name=data.get("entity_name"),
        config=data.get("config") or {},
        oauth=OAuthCredentials(**oauth) if oauth else None,
        secret_keys=data.get("secret_keys") or [],
    )


def mapping(data: dict) -> IntegrationMappingResponse:
    return IntegrationMappingResponse(
        id=data["id"],
        integration_id=data["integration_id"],
        organization_id=data["organization_id"],
        entity_id=data.get("entity_id"),
        entity_name=data.get("entity_name"),
        oauth_token_id=data.get("oauth_token_id"),
        config=data.get("config") or {},
        created_at=_when(data["created_at"]),
        updated_at=_when(data["updated_at"]),
        secret_keys=data.get("secret_keys") or [],
        refresh_state=data.get("refresh_state"),
    )
