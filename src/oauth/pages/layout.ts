import type { FastifyReply } from 'fastify';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ENTITIES[char] as string);
}

/** A tagged template whose interpolations are escaped unless they are already `Html`. */
export class Html {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let text = strings[0] as string;
  values.forEach((value, index) => {
    const part = Array.isArray(value)
      ? value.map((item) => (item instanceof Html ? item.text : escapeHtml(item))).join('')
      : value instanceof Html
        ? value.text
        : escapeHtml(value);
    text += part + (strings[index + 1] as string);
  });
  return new Html(text);
}

const META = new Html('<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">');

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1d2430}
h1{font-size:1.4rem}form{margin:1rem 0;padding:1rem;border:1px solid #d0d5dd;border-radius:.5rem}
label{display:block;margin:.5rem 0}input,select{width:100%;padding:.4rem;box-sizing:border-box}
button{padding:.5rem 1rem;margin:.5rem .5rem 0 0}.error{color:#b42318}.app{display:flex;gap:.75rem;align-items:center}
.app img{width:48px;height:48px;border-radius:.5rem}ul{padding-left:1.2rem}code{font-size:.85rem}`;

/**
 * Sends a whole page. The pages hold sign-in forms, so nothing may frame them (clickjacking), they
 * run no script, and nobody caches them.
 */
export function sendPage(reply: FastifyReply, title: string, body: Html, status = 200): FastifyReply {
  const head = html`<head>${META}<title>${title} · Gatehouse</title><style>${new Html(STYLE)}</style></head>`;
  return reply
    .status(status)
    .header('Content-Type', 'text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('X-Frame-Options', 'DENY')
    .header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'; base-uri 'none'",
    )
    .header('Referrer-Policy', 'no-referrer')
    .send(html`<!doctype html><html lang="en">${head}<body>${body}</body></html>`.text);
}
