import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from './system.js';

/**
 * A real OpenID provider (panva's oidc-provider) for tests: one confidential client, PKCE (S256)
 * required, and the provider's own development login and consent pages, where any login name is
 * accepted and becomes the account's `sub` and `email`. Its state lives in memory.
 */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** The paths of every request the provider has answered, in order (e.g. `/me` for userinfo). */
  requests: string[];
  stop(): Promise<void>;
}

export interface TestOidcProviderOptions {
  /** Where the provider sends the browser back to; the only redirect URI the client may use. */
  redirectUri: string;
  clientId?: string;
  clientSecret?: string;
}

// oidc-provider ships no type declarations; this is the part of its API used here.
type ProviderCallback = (req: IncomingMessage, res: ServerResponse) => void;
interface ProviderInstance {
  callback(): ProviderCallback;
}
type ProviderConstructor = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

const PROVIDER_MODULE = 'oidc-provider';

export async function startOidcProvider(options: TestOidcProviderOptions): Promise<TestOidcProvider> {
  const { default: Provider } = (await import(PROVIDER_MODULE)) as { default: ProviderConstructor };
  const port = await freePort();
  const issuer = `http://localhost:${port}`;
  const clientId = options.clientId ?? 'cil-flow';
  const clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test', alg: 'RS256', use: 'sig' }] },
    pkce: { required: () => true },
    // The development login form takes any login name: it is the person's e-mail address.
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, email: sub, email_verified: true }),
    }),
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    clientBasedCORS: () => false,
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  });

  const requests: string[] = [];
  const answer = provider.callback();
  const server = createServer((req, res) => {
    requests.push(new URL(req.url ?? '/', 'http://provider').pathname);
    answer(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });

  return {
    issuer,
    clientId,
    clientSecret,
    redirectUri: options.redirectUri,
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Cookies for one origin, as a plain client keeps them between requests (paths ignored). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

export interface ProviderTokens {
  access_token: string;
  id_token: string;
  token_type: string;
  scope?: string;
}

/**
 * Runs the authorization code flow with PKCE against the provider the way a plain HTTP client
 * would: it follows the redirects, fills in the development login form with `login` and accepts
 * the consent form, takes the code from the redirect back to the client and redeems it at the
 * token endpoint with the client's credentials. The client's redirect URI is never called.
 */
export async function tokensFor(provider: TestOidcProvider, login: string, scope = 'openid email'): Promise<ProviderTokens> {
  const metadata = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    token_endpoint: string;
  };
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const authorize = new URL(metadata.authorization_endpoint);
  authorize.search = new URLSearchParams({
    client_id: provider.clientId,
    response_type: 'code',
    redirect_uri: provider.redirectUri,
    scope,
    state,
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();

  const jar = new CookieJar();
  let request: { url: string; body?: URLSearchParams } = { url: authorize.href };
  let callback: URL | undefined;
  for (let step = 0; step < 20 && !callback; step++) {
    const res = await fetch(request.url, {
      method: request.body ? 'POST' : 'GET',
      headers: { cookie: jar.header(), ...(request.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: request.body,
      redirect: 'manual',
    });
    jar.store(res);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, request.url);
      if (next.href.startsWith(provider.redirectUri)) callback = next;
      else request = { url: next.href };
      continue;
    }
    const page = await res.text();
    const action = page.match(/<form[^>]*action="([^"]+)"/)?.[1];
    const prompt = page.match(/name="prompt" value="([^"]+)"/)?.[1];
    if (!res.ok || !action || !prompt) throw new Error(`the provider answered ${res.status} without a sign-in form:\n${page}`);
    const url = new URL(action.replaceAll('&amp;', '&'), request.url).href;
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    request = { url, body };
  }
  if (!callback) throw new Error('the provider never redirected back to the client');
  const code = callback.searchParams.get('code');
  if (!code || callback.searchParams.get('state') !== state) {
    throw new Error(`the provider redirected back without a code for this request: ${callback.href}`);
  }

  const res = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(provider.clientId)}:${encodeURIComponent(provider.clientSecret)}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: provider.redirectUri, code_verifier: verifier }),
  });
  if (!res.ok) throw new Error(`the token endpoint answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as ProviderTokens;
}
