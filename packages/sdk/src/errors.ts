/** A refusal of the Connections API: its status, its stable code, and the request to quote. */
export class GatehouseError extends Error {
  readonly status: number;
  readonly code: string;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, requestId?: string) {
    super(message);
    this.name = 'GatehouseError';
    this.status = status;
    this.code = code;
    this.requestId = requestId;
  }
}

/** The scope is not the caller's to use (403): never answered with another organization's data. */
export class ScopeForbiddenError extends GatehouseError {}

/** The provider's tokens cannot be refreshed now, or the organization must connect again. */
export class ConnectionError extends GatehouseError {}
