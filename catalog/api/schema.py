"""OpenAPI schema hooks: document only the public API under /api/ (not Wagtail's admin API),
and the error answers every operation can give, so a client (or schemathesis) finds each
status code it may receive in the schema."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "DRF's error body: a translated message in `detail`.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# A 400 names the query parameter that was wrong, or carries `detail`.
BAD_REQUEST_SCHEMA = {
    "type": "object",
    "description": "What was wrong with the request: `detail`, or a message list per parameter.",
    "additionalProperties": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
    },
}
ERRORS = {
    "400": ("The query is not valid (a date, a range, a filter).", "BadRequest"),
    "404": ("No such object, or not one the caller may see; or no such page.", "Error"),
    "429": ("Too many requests: wait as long as `Retry-After` says.", "Error"),
}
AUTH_ERRORS = {
    "401": ("No credentials, or a token that is not valid.", "Error"),
    "403": ("The credentials are not allowed this.", "Error"),
}


def only_public_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]


def _needs_credentials(operation: dict) -> bool:
    security = operation.get("security")
    return bool(security) and {} not in security


def document_errors(result, generator, request, public):
    """Add the error responses DRF gives (400, 401/403 where credentials are required, 404,
    429) to every operation, all with DRF's ``{"detail": …}`` body."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas.setdefault("BadRequest", BAD_REQUEST_SCHEMA)
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            errors = dict(ERRORS)
            if _needs_credentials(operation):
                errors.update(AUTH_ERRORS)
            responses = operation.setdefault("responses", {})
            for status, (description, component) in sorted(errors.items()):
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{component}"}
                            }
                        },
                    },
                )
    return result
