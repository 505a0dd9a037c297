import type { Agent } from 'node:https';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
  type TokenCredentialOptions,
} from '@azure/identity';
import type { GraphConfig } from '../config';

/**
 * The credential the configuration asks for. `authorityHost` points at national clouds or the
 * emulator; instance discovery would ask login.microsoftonline.com about that host, so it is off
 * when the host is not the public cloud. The agent (extra CA) is set on every token request
 * through a pipeline policy, which works in-process where NODE_EXTRA_CA_CERTS would need a restart.
 */
export function createCredential(config: GraphConfig, agent?: Agent): TokenCredential {
  const options: TokenCredentialOptions & { disableInstanceDiscovery: boolean } = {
    authorityHost: config.authorityHost.origin,
    disableInstanceDiscovery: config.authorityHost.hostname !== 'login.microsoftonline.com',
    ...(agent
      ? {
          additionalPolicies: [
            {
              position: 'perCall' as const,
              policy: {
                name: 'graphCaAgent',
                sendRequest: (request, next) => {
                  request.agent = agent;
                  return next(request);
                },
              },
            },
          ],
        }
      : {}),
  };
  const credential = config.credential;
  switch (credential.kind) {
    case 'client-secret':
      return new ClientSecretCredential(config.tenantId, credential.clientId, credential.secret, options);
    case 'client-certificate':
      return new ClientCertificateCredential(
        config.tenantId,
        credential.clientId,
        { certificatePath: credential.certificateFile },
        options,
      );
    case 'managed-identity':
      return credential.clientId !== undefined
        ? new ManagedIdentityCredential(credential.clientId, options)
        : new ManagedIdentityCredential(options);
  }
}
