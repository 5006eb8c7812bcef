"""Seed 004's usage pattern, as written apart from the import line, then every other call of the module."""

import asyncio
import json
import os
import sys

from gatehouse import workflow, integrations
import httpx


@workflow
async def sync_users():
    # Get integration with OAuth
    msft = await integrations.get("Microsoft_Graph")
    if not msft or not msft.oauth:
        return {"error": "Integration not configured"}

    # Use the access token
    async with httpx.AsyncClient() as client:
        response = await client.get(
            "https://graph.microsoft.com/v1.0/users",
            headers={"Authorization": f"Bearer {msft.oauth.access_token}"}
        )
        return response.json()


async def main():
    org = os.environ["ORG_ID"]
    result = await sync_users()
    msft = await integrations.get("Microsoft_Graph", org_id=org)
    mapping = await integrations.upsert_mapping(
        "Microsoft_Graph", org_id=org, entity_id="tenant-456", entity_name="Acme Corp", config={"tenant": "acme"}
    )
    found = await integrations.get_mapping("Microsoft_Graph", org_id=org)
    other_entity = await integrations.get_mapping("Microsoft_Graph", org_id=org, entity_id="someone-else")
    listed = await integrations.list_mappings("Microsoft_Graph")
    try:
        await integrations.get("Microsoft_Graph", scope="global")
        refused = None
    except Exception as error:
        refused = {"type": type(error).__name__, "status": error.status, "code": error.code}
    missing = await integrations.get("HaloPSA")
    deleted = await integrations.delete_mapping("Microsoft_Graph", org_id=org)
    deleted_again = await integrations.delete_mapping("Microsoft_Graph", org_id=org)
    print(json.dumps({
        "result": result,
        "calls": json.loads(httpx.dump()),
        "token": msft.oauth.access_token,
        "config": msft.config,
        "mapping": {"entity_id": mapping.entity_id, "entity_name": mapping.entity_name,
                    "organization_id": mapping.organization_id, "created_at": mapping.created_at.isoformat()},
        "found": found.entity_id if found else None,
        "other_entity": other_entity,
        "listed": [entry.entity_id for entry in listed],
        "refused": refused,
        "missing": missing,
        "deleted": [deleted, deleted_again],
    }))


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
