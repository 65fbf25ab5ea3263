import { List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
// Trans from its own module: through the package index it would land in the first screen's chunk.
import { Trans } from 'react-i18next/TransWithoutContext';

import { scopesFor, type PlatformDefinition } from '@shared/platforms';
import { consoleStepKey } from './catalog-keys';
import { ExactValue, Notes, PlatformLinks, RedirectUri } from './PlatformHelp';

interface RegisterStepProps {
  definition: PlatformDefinition;
  redirectUri: string | null;
  options: Record<string, unknown>;
}

/** The provider console's own steps, in order, with the exact values to type there. */
export function RegisterStep({ definition, redirectUri, options }: RegisterStepProps) {
  const { t } = useTranslation();
  const scopes = scopesFor(definition, options);
  return (
    <Stack gap="md">
      <Notes definition={definition} step="register" />
      <PlatformLinks definition={definition} />
      <List type="ordered" spacing="md" data-testid="console-steps">
        {definition.setup.console.map((instruction) => (
          <List.Item key={instruction.id}>
            <Stack gap="xs">
              <Text>
                <Trans
                  t={t}
                  i18nKey={consoleStepKey(definition, instruction.id)}
                  components={{ b: <strong /> }}
                />
              </Text>
              {instruction.showsRedirectUri &&
                (redirectUri ? (
                  <RedirectUri uri={redirectUri} />
                ) : (
                  <Text size="sm" c="red">
                    {t('wizard.redirectUnknown')}
                  </Text>
                ))}
              {instruction.showsScopes && (
                <ExactValue
                  label={t('wizard.scopesToRegister')}
                  value={scopes.join(' ')}
                  copyLabel={t('wizard.copyScopes')}
                />
              )}
            </Stack>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
