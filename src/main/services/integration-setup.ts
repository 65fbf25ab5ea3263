import { AppError } from '@shared/ipc/errors';
import {
  changesReauthOptions,
  credentialKindFor,
  getPlatform,
  requiredSecretFields,
  type PlatformId,
  type SecretFieldId,
} from '@shared/platforms';
import type { IntegrationConfigurationInput } from '@shared/platforms/configuration';
import type { ConnectionService } from './connections';
import type { IntegrationService } from './integrations';

/**
 * The set-up workflows that span integrations and their connections: saving an
 * app registration (and what it means for linked companies) and removing one.
 * What each platform needs is read from its definition, never from its id.
 */
export class IntegrationSetupService {
  constructor(
    private readonly integrations: IntegrationService,
    private readonly connections: ConnectionService,
  ) {}

  /**
   * Saves an app registration. The secrets required are those of the chosen
   * credential kind; a secret left out keeps its stored value, except when the
   * kind changes (Sage: from the retired v3.0 to v3.1), which is a new app
   * registration whose secrets must all be typed. When an option that tokens
   * carry changes (FreshBooks scopes), every linked company must sign in again.
   */
  async save(input: IntegrationConfigurationInput) {
    const definition = getPlatform(input.platform);
    const before = this.integrations.get(input.platform);
    const { platform, clientId, options, ...typed } = input;
    const secrets: Partial<Record<SecretFieldId, string>> = typed;
    const requiredSecrets = requiredSecretFields(definition, options);
    const kindChanged =
      before.configured &&
      credentialKindFor(definition, before.options)?.value !== credentialKindFor(definition, options)?.value;
    const missing = requiredSecrets.find((field) => secrets[field] === undefined);
    if (kindChanged && missing)
      throw new AppError('EMPTY_SECRET', `${missing} must be typed for new credentials`);

    const integration = await this.integrations.saveConfiguration(platform, {
      clientId,
      secrets,
      options,
      requiredSecrets,
    });
    const connectionsNeedingReauth = changesReauthOptions(definition, before.options, options)
      ? this.connections.markNeedsReauth(platform, 'SCOPES_CHANGED')
      : 0;
    return { integration, connectionsNeedingReauth };
  }

  /** Removing an integration disconnects its companies (revoking where possible) and deletes its secrets. */
  async remove(platform: PlatformId) {
    const connections = this.connections.list(platform);
    for (const connection of connections) await this.connections.disconnect(connection.id, true);
    await this.integrations.remove(platform);
    return { removedConnections: connections.length };
  }
}
