/**
 * The peer of the OAuth token benchmark: panva's oidc-provider (a certified OpenID provider) issuing
 * client-credentials access tokens as ES256 JWTs (RFC 9068), like Keyward's /oauth/token. One client
 * (client_secret_basic); prints its port on stdout when listening. ESM because oidc-provider is.
 * argv: client id, client secret.
 */
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [clientId, clientSecret] = process.argv.slice(2);
const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
const resource = 'urn:keyward:bench';

const provider = new Provider('http://127.0.0.1', {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'ES256',
      scope: 'order_data:viewer',
    },
  ],
  jwks: { keys: [{ ...jwk, alg: 'ES256', use: 'sig', kid: 'bench' }] },
  cookies: { keys: [clientSecret] },
  scopes: ['order_data:viewer'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'order_data:viewer',
        audience: resource,
        accessTokenTTL: 900,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'ES256' } },
      }),
    },
  },
});

const server = provider.listen(0, '127.0.0.1', () => console.log(server.address().port));
