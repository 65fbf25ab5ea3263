import { Alert, Button, Code, Drawer, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '../../../../shared/ipc/errors';
import type { IntegrationDetail } from '../../../../shared/ipc/schemas';
import type { PlatformDefinition, PlatformLink } from '../../../../shared/platforms';
import { api, callApi } from '../../api';
import { CopyValueButton } from '../../components/CopyValueButton';
import { LoadingState } from '../../components/LoadingState';
import { formatDateTime, formatOptionValue } from '../../format';
import { errorText } from '../../i18n/error-text';
import { useApiQuery } from '../../use-api-query';

interface IntegrationDrawerProps {
  /** The platform last opened; kept while closing so the exit animation still has its title. */
  definition: PlatformDefinition | null;
  opened: boolean;
  onClose: () => void;
}

/** What is stored for one platform: identifiers and fingerprints, never a secret. */
export function IntegrationDrawer({ definition, opened, onClose }: IntegrationDrawerProps) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={opened && definition !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={definition?.name}
      classNames={{ title: 'desk-drawer-title' }}
      closeButtonProps={{ 'aria-label': t('drawer.close') }}
      // Scroll locking injects a <style> element, which the CSP blocks.
      lockScroll={false}
    >
      {definition && <IntegrationDetails definition={definition} />}
    </Drawer>
  );
}

function IntegrationDetails({ definition }: { definition: PlatformDefinition }) {
  const { t } = useTranslation();
  const load = useCallback(() => api().getIntegration({ platform: definition.id }), [definition.id]);
  const query = useApiQuery(load);

  if (query.status === 'loading') return <LoadingState label={t('drawer.loading')} />;
  if (!query.result.ok) return <Alert color="red">{errorText(t, query.result.error)}</Alert>;
  const detail = query.result.value;

  return (
    <Stack gap="xl">
      {(!definition.requiresAppRegistration || !detail.configured) && (
        <Text>{t(`platforms.${definition.id}.setup`)}</Text>
      )}
      <StoredValues definition={definition} detail={detail} />
      <Status definition={definition} detail={detail} />
      <PlatformLinks definition={definition} />
    </Stack>
  );
}

function isNothingStored(detail: IntegrationDetail): boolean {
  return (
    detail.clientId === null &&
    Object.keys(detail.secretFingerprints).length === 0 &&
    Object.keys(detail.options).length === 0
  );
}

function StoredValues({ definition, detail }: { definition: PlatformDefinition; detail: IntegrationDetail }) {
  const { t } = useTranslation();
  const fingerprints = Object.entries(detail.secretFingerprints);
  const options = Object.entries(detail.options);
  // Only field ids the definition declares pick a label key; anything else gets the generic one.
  const fingerprintLabel = (field: string) =>
    definition.credentialFields.some((f) => f.id === field)
      ? t([`drawer.fingerprints.${field}`, 'drawer.fingerprints.other'], { field })
      : t('drawer.fingerprints.other', { field });

  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('drawer.storedTitle')}
      </Title>
      {isNothingStored(detail) ? (
        <Text>{t('drawer.nothingStored', { name: definition.name })}</Text>
      ) : (
        <Table variant="vertical" layout="fixed" withTableBorder>
          <Table.Tbody>
            {detail.clientId !== null && (
              <Table.Tr>
                <Table.Th scope="row">{t('drawer.clientId')}</Table.Th>
                <Table.Td>
                  <Group gap="xs">
                    <Code className="desk-wrap">{detail.clientId}</Code>
                    <CopyValueButton value={detail.clientId} label={t('drawer.copyClientId')} />
                  </Group>
                </Table.Td>
              </Table.Tr>
            )}
            {fingerprints.map(([field, fingerprint]) => (
              <Table.Tr key={field}>
                <Table.Th scope="row">{fingerprintLabel(field)}</Table.Th>
                <Table.Td>
                  <Code className="desk-wrap">{fingerprint}</Code>
                </Table.Td>
              </Table.Tr>
            ))}
            {options.length > 0 && (
              <Table.Tr>
                <Table.Th scope="row">{t('drawer.options')}</Table.Th>
                <Table.Td>
                  {options.map(([key, value]) => (
                    <Text key={key} size="sm" ff="monospace" className="desk-wrap">
                      {`${key}: ${formatOptionValue(value)}`}
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      )}
      {fingerprints.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('drawer.fingerprintHelp')}
        </Text>
      )}
    </Stack>
  );
}

function Status({ definition, detail }: { definition: PlatformDefinition; detail: IntegrationDetail }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string) => formatDateTime(iso, i18n.language);

  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('drawer.statusTitle')}
      </Title>
      <Table variant="vertical" layout="fixed" withTableBorder>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t('drawer.state')}</Table.Th>
            <Table.Td>{detail.enabled ? t('common.enabled') : t('common.disabled')}</Table.Td>
          </Table.Tr>
          {/* A platform without app registration has nothing to set up, so no set-up date. */}
          {definition.requiresAppRegistration && (
            <Table.Tr>
              <Table.Th scope="row">{t('drawer.configuredAt')}</Table.Th>
              <Table.Td>
                {detail.configuredAt ? date(detail.configuredAt) : t('drawer.notConfiguredYet')}
              </Table.Td>
            </Table.Tr>
          )}
          <Table.Tr>
            <Table.Th scope="row">{t('drawer.updatedAt')}</Table.Th>
            <Table.Td>{detail.updatedAt ? date(detail.updatedAt) : t('drawer.noChangeYet')}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

type LinkFailure = { kind: 'error'; error: IpcError } | { kind: 'notOpened' };

function PlatformLinks({ definition }: { definition: PlatformDefinition }) {
  const { t } = useTranslation();
  const [failure, setFailure] = useState<LinkFailure | null>(null);

  async function open(link: PlatformLink['id']) {
    setFailure(null);
    const result = await callApi(() => api().openPlatformLink({ platform: definition.id, link }));
    if (!result.ok) setFailure({ kind: 'error', error: result.error });
    else if (!result.value.opened) setFailure({ kind: 'notOpened' });
  }

  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('drawer.linksTitle')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('drawer.linksHelp')}
      </Text>
      <Group gap="sm">
        {definition.links.map((link) => (
          <Button key={link.id} variant="default" onClick={() => void open(link.id)}>
            {t(`links.${link.id}`)}
          </Button>
        ))}
      </Group>
      {failure && (
        <Alert color="red">
          {failure.kind === 'error' ? errorText(t, failure.error) : t('drawer.linkNotOpened')}
        </Alert>
      )}
    </Stack>
  );
}
