class GatehouseError(Exception):
    """A refusal of the API other than "not found": its HTTP status, stable code and request id."""

    def __init__(self, status: int, code: str, message: str, request_id: str | None = None):
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
