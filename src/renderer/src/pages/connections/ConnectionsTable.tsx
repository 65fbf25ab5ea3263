import { Badge, Button, Code, Stack, Table, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { ConnectionStatus, ConnectionSummary } from '@shared/ipc/schemas';
import { getPlatform } from '@shared/platforms';
import { api, callApi } from '../../api';
import { CopyValueButton } from '../../components/CopyValueButton';
import { formatDateTime, shortFingerprint } from '../../format';
import { errorText, storedCodeText } from '../../i18n/error-text';

const STATUS_COLORS: Record<ConnectionStatus, string> = {
  linked: 'teal',
  needsReauth: 'orange',
  deleting: 'gray',
};

interface ConnectionsTableProps {
  connections: readonly ConnectionSummary[];
  /** Main answered with a newer state of one connection (after Test connection or Refresh now). */
  onUpdated: (connection: ConnectionSummary) => void;
  onDisconnect: (connection: ConnectionSummary) => void;
}

export function ConnectionsTable({ connections, onUpdated, onDisconnect }: ConnectionsTableProps) {
  const { t } = useTranslation();
  return (
    <div className="desk-table-scroll">
      <Table withTableBorder verticalSpacing="xs" className="desk-connections">
        <colgroup>
          {['company', 'platform', 'status', 'access', 'verified', 'fingerprint', 'actions'].map((column) => (
            <col key={column} className={`desk-col-${column}`} />
          ))}
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('connections.columns.company')}</Table.Th>
            <Table.Th scope="col">{t('connections.columns.platform')}</Table.Th>
            <Table.Th scope="col">{t('connections.columns.status')}</Table.Th>
            <Table.Th scope="col">{t('connections.columns.access')}</Table.Th>
            <Table.Th scope="col">{t('connections.columns.lastVerified')}</Table.Th>
            <Table.Th scope="col">{t('connections.columns.fingerprint')}</Table.Th>
            <Table.Th scope="col">{t('connections.columns.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {connections.map((connection) => (
            <ConnectionRow
              key={connection.id}
              connection={connection}
              onUpdated={onUpdated}
              onDisconnect={onDisconnect}
            />
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

type RowAction = 'test' | 'refresh';
type RowOutcome = { action: RowAction; ok: true } | { action: RowAction; ok: false; error: IpcError };

interface ConnectionRowProps {
  connection: ConnectionSummary;
  onUpdated: (connection: ConnectionSummary) => void;
  onDisconnect: (connection: ConnectionSummary) => void;
}

function ConnectionRow({ connection, onUpdated, onDisconnect }: ConnectionRowProps) {
  const { t, i18n } = useTranslation();
  const labelId = useId();
  const [running, setRunning] = useState<RowAction | null>(null);
  const [outcome, setOutcome] = useState<RowOutcome | null>(null);
  const date = (iso: string) => formatDateTime(iso, i18n.language);
  const platformName = getPlatform(connection.platform).name;
  const removing = connection.status === 'deleting';

  async function run(action: RowAction) {
    if (running) return;
    setRunning(action);
    setOutcome(null);
    const connectionId = connection.id;
    const result = await callApi(() =>
      action === 'test' ? api().testConnection({ connectionId }) : api().refreshConnection({ connectionId }),
    );
    setRunning(null);
    if (result.ok) {
      setOutcome({ action, ok: true });
      onUpdated(result.value);
    } else {
      setOutcome({ action, ok: false, error: result.error });
      // Main recorded the failure on the connection (lastError, maybe its status): show that too.
      const fresh = await callApi(() => api().listConnections({ platform: connection.platform }));
      const updated = fresh.ok ? fresh.value.find((c) => c.id === connectionId) : undefined;
      if (updated) onUpdated(updated);
    }
  }

  return (
    <Table.Tr data-testid={`connection-${connection.id}`}>
      <Table.Td>
        {/* The label comes from the provider: text only, on two lines at most, whole in the tooltip. */}
        <Text id={labelId} size="sm" fw={500} lineClamp={2} title={connection.label} className="desk-company">
          {connection.label}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{platformName}</Text>
        {connection.region && (
          <Text size="xs" c="dimmed">
            {t('connections.region', { region: connection.region.toUpperCase() })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <Badge variant="light" color={STATUS_COLORS[connection.status]} tt="none" className="desk-badge">
            {t(`connections.status.${connection.status}`)}
          </Badge>
          {connection.lastError && (
            <Text size="xs" c="red" data-testid="last-error">
              {storedCodeText(t, connection.lastError, 'connections.lastErrorUnknown')}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Stack gap={4}>
          <Text size="sm">
            {connection.kind === 'apiKey'
              ? t('connections.apiKeyNoExpiry')
              : connection.tokenExpiresAt
                ? t('connections.tokenExpires', { date: date(connection.tokenExpiresAt) })
                : t('connections.tokenUnknown')}
          </Text>
          {connection.scopes.length > 0 && (
            <Text
              size="xs"
              ff="monospace"
              truncate="end"
              title={connection.scopes.join(' ')}
              className="desk-label"
            >
              {connection.scopes.join(', ')}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {connection.lastVerifiedAt ? date(connection.lastVerifiedAt) : t('connections.never')}
        </Text>
      </Table.Td>
      <Table.Td>
        {connection.secretFingerprint ? (
          // The first groups tell fingerprints apart; the whole value is in the tooltip and one click from the clipboard.
          <Stack gap={4} align="flex-start">
            <Code title={connection.secretFingerprint} className="desk-wrap">
              {shortFingerprint(connection.secretFingerprint)}
            </Code>
            <CopyValueButton value={connection.secretFingerprint} label={t('connections.copyFingerprint')} />
          </Stack>
        ) : (
          <Text size="sm">{t('connections.noFingerprint')}</Text>
        )}
      </Table.Td>
      <Table.Td>
        <Stack gap={6} align="stretch" className="desk-row-actions">
          <Button
            size="compact-sm"
            variant="default"
            loading={running === 'test'}
            disabled={removing || (running !== null && running !== 'test')}
            onClick={() => void run('test')}
            aria-describedby={labelId}
          >
            {t('connections.test')}
          </Button>
          {connection.kind === 'oauth' && (
            <Button
              size="compact-sm"
              variant="default"
              loading={running === 'refresh'}
              disabled={removing || (running !== null && running !== 'refresh')}
              onClick={() => void run('refresh')}
              aria-describedby={labelId}
            >
              {t('connections.refresh')}
            </Button>
          )}
          <Button
            size="compact-sm"
            variant="light"
            color="red"
            disabled={running !== null}
            onClick={() => onDisconnect(connection)}
            aria-describedby={labelId}
          >
            {t('connections.disconnect')}
          </Button>
          {outcome &&
            (outcome.ok ? (
              <Text size="xs" c="teal" role="status">
                {outcome.action === 'test' ? t('connections.testOk') : t('connections.refreshOk')}
              </Text>
            ) : (
              <Text size="xs" c="red" role="alert">
                {errorText(t, outcome.error)}
              </Text>
            ))}
        </Stack>
      </Table.Td>
    </Table.Tr>
  );
}
