/** A browser enough for the sign-in pages, over inject or real HTTP. */
import assert from 'node:assert/strict';
import type { TestApp } from '../helpers/app.ts';

export type Response = { status: number; headers: Record<string, string | string[] | undefined>; body: string };
export type Sender = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}) => Promise<Response>;

/** Requests through Fastify's inject, for absolute URLs of the test server's public origin. */
export function injectSender(t: TestApp): Sender {
  return async ({ method, url, headers, body }) => {
    const { pathname, search } = new URL(url);
    const response = await t.app.inject({
      method: method as 'GET',
      url: pathname + search,
      headers,
      ...(body === undefined ? {} : { payload: body }),
    });
    return { status: response.statusCode, headers: response.headers as Response['headers'], body: response.body };
  };
}

/** Real HTTP; URLs of `publicUrl` go to `base`, where the server actually listens. */
export function fetchSender(publicUrl: string, base: string): Sender {
  return async ({ method, url, headers, body }) => {
    const response = await fetch(url.replace(publicUrl, base), {
      method,
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    });
    return {
      status: response.status,
      headers: { ...Object.fromEntries(response.headers), 'set-cookie': response.headers.getSetCookie() },
      body: await response.text(),
    };
  };
}

export type Form = {
  action: string;
  method: string;
  fields: Record<string, string>;
  selects: Record<string, string[]>;
};

/** The forms of a page: action, method, hidden and preset inputs, and the options of each select. */
export function parseForms(html: string): Form[] {
  return [...html.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/g)].map(([, attributes, inner]) => {
    const attribute = (text: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(text)?.[1];
    const fields: Record<string, string> = {};
    for (const [input] of (inner as string).matchAll(/<input[^>]*>/g)) {
      const name = attribute(input, 'name');
      if (name && attribute(input, 'value') !== undefined)
        fields[name] = unescapeHtml(attribute(input, 'value') as string);
    }
    const selects: Record<string, string[]> = {};
    for (const [, name, options] of (inner as string).matchAll(/<select name="([^"]*)">([\s\S]*?)<\/select>/g)) {
      selects[name as string] = [...(options as string).matchAll(/<option value="([^"]*)"/g)].map(
        (match) => match[1] as string,
      );
    }
    return {
      action: attribute(attributes as string, 'action') ?? '',
      method: attribute(attributes as string, 'method') ?? 'get',
      fields,
      selects,
    };
  });
}

const unescapeHtml = (text: string) =>
  text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** A browser enough for sign-in pages: a cookie jar per host, forms, redirects followed on request. */
export class Browser {
  readonly #send: Sender;
  readonly #jar = new Map<string, Map<string, string>>();
  page: { url: string; response: Response } | undefined;

  constructor(send: Sender) {
    this.#send = send;
  }

  async request(method: string, url: string, form?: Record<string, string>): Promise<Response> {
    const host = new URL(url).host;
    const cookies = [...(this.#jar.get(host) ?? new Map()).entries()]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    const headers: Record<string, string> = { accept: 'text/html', ...(cookies ? { cookie: cookies } : {}) };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await this.#send({
      method,
      url,
      headers,
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    this.#store(host, response.headers['set-cookie']);
    this.page = { url, response };
    return response;
  }

  /** Follows redirects while they stay on hosts other than `stopAt`'s; answers the last response and its URL. */
  async follow(url: string, stopAt?: string): Promise<{ url: string; response: Response }> {
    let current = url;
    for (let hops = 0; hops < 10; hops++) {
      const response = await this.request('GET', current);
      const location = response.headers.location as string | undefined;
      if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
      current = new URL(location, current).toString();
      if (stopAt && current.startsWith(stopAt)) return { url: current, response };
    }
    throw new Error('too many redirects');
  }

  /** Submits the page's form whose action matches, with `values` over its preset fields. */
  async submit(actionPart: string, values: Record<string, string> = {}): Promise<Response> {
    assert.ok(this.page, 'no page loaded');
    const form = parseForms(this.page.response.body).find((candidate) => candidate.action.includes(actionPart));
    assert.ok(form, `no form posting to ${actionPart} on ${this.page.url}: ${this.page.response.body.slice(0, 500)}`);
    const target = new URL(form.action, this.page.url).toString();
    const fields = { ...form.fields, ...values };
    if (form.method.toLowerCase() === 'get') return this.request('GET', `${target}?${new URLSearchParams(fields)}`);
    return this.request('POST', target, fields);
  }

  /** Every cookie value the browser holds, for checking none is stored in plain text. */
  cookieValues(): string[] {
    return [...this.#jar.values()].flatMap((jar) => [...jar.values()]);
  }

  #store(host: string, header: string | string[] | undefined): void {
    const jar = this.#jar.get(host) ?? new Map<string, string>();
    for (const line of [header ?? []].flat()) {
      const [pair, ...attributes] = line.split(';');
      const [name, value] = (pair as string).split('=') as [string, string];
      const expired = attributes.some(
        (attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute),
      );
      if (expired || value === '') jar.delete(name.trim());
      else jar.set(name.trim(), value);
    }
    this.#jar.set(host, jar);
  }
}
