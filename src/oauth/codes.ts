import { issueToken } from '../auth/tokens.ts';
import type { AppContext } from '../context.ts';
import { redirectWith } from './authorize.ts';
import type { Interaction } from './interactions.ts';
import { insertCode } from './store.ts';
import type { Subject } from './tables.ts';

/** An authorization code lives ten minutes (as Canvas's and RFC 6749 §4.1.2 advise) and is used once. */
const CODE_LIFETIME_MS = 10 * 60 * 1000;

/** Issues the code for a consented sign-in and answers where the browser goes next. */
export async function issueCode(ctx: AppContext, interaction: Interaction, subject: Subject): Promise<string> {
  const { token: code, hash } = issueToken('authorizationCode');
  const { request } = interaction;
  await insertCode(ctx.db, {
    code_hash: hash,
    developer_key_id: interaction.developer_key_id,
    ...subject,
    redirect_uri: request.redirect_uri,
    scopes: JSON.stringify(request.scopes),
    nonce: request.nonce,
    code_challenge: request.code_challenge,
    expires_date: new Date(Date.now() + CODE_LIFETIME_MS),
  });
  return redirectWith(request.redirect_uri, { code, state: request.state, iss: ctx.config.publicUrl });
}
