import { Button, Code, Group, List, Stack, Text } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

import { scopesFor, type PlatformDefinition } from '@shared/platforms';
import { api } from '../../../api';
import { CopyValueButton } from '../../../components/CopyValueButton';
import { DeskModal } from '../../../components/DeskModal';
import { LoadingState } from '../../../components/LoadingState';
import { useApiQuery } from '../../../use-api-query';
import { ErrorAlert } from '../../../components/ErrorAlert';

/**
 * Before a scope change is saved: how many linked companies will have to sign in
 * again, the new scope list to copy, and the reminder that the provider's developer
 * portal must carry the same scopes first (FreshBooks refuses a sign-in that asks
 * for a scope the app is not registered for: https://www.freshbooks.com/api/authentication).
 */
export function ScopeChangeConfirm({
  definition,
  options,
  onCancel,
  onConfirm,
}: {
  definition: PlatformDefinition;
  options: Readonly<Record<string, unknown>>;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const { t } = useTranslation();
  const load = useCallback(() => api().listConnections({ platform: definition.id }), [definition.id]);
  const connections = useApiQuery(load);
  const scopes = scopesFor(definition, options);
  const name = definition.name;
  return (
    <DeskModal opened onClose={onCancel} size="lg" title={t('wizard.scopeChange.title', { name })}>
      <Stack gap="sm">
        {connections.status === 'loading' && <LoadingState label={t('wizard.scopeChange.counting')} />}
        {connections.status === 'done' &&
          (connections.result.ok ? (
            <Text data-testid="scope-change-count">
              {t('wizard.scopeChange.count', { number: connections.result.value.length, name })}
            </Text>
          ) : (
            <ErrorAlert error={connections.result.error} />
          ))}
        <Text>{t('wizard.scopeChange.portalFirst', { name })}</Text>
        <Text fw={600}>{t('wizard.scopeChange.newScopes')}</Text>
        <List spacing={2} aria-label={t('wizard.scopeChange.newScopes')}>
          {scopes.map((scope) => (
            <List.Item key={scope}>
              <Code className="desk-wrap">{scope}</Code>
            </List.Item>
          ))}
        </List>
        <Group>
          <CopyValueButton value={scopes.join(' ')} label={t('wizard.scopeChange.copyScopes')} />
        </Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button color="orange" onClick={onConfirm} data-autofocus>
            {t('wizard.scopeChange.confirm')}
          </Button>
        </Group>
      </Stack>
    </DeskModal>
  );
}
