/** The token of an `Authorization: Bearer <token>` header, if there is one. */
export function bearerToken(request: { headers: { authorization?: string | undefined } }): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}
