import { Button, Code, Divider, Drawer, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { ReviewRow } from '@shared/ipc/schemas';
import { getPlatform } from '@shared/platforms';
import { CopyValueButton } from '../../components/CopyValueButton';
import { storedCodeText } from '../../i18n/error-text';
import { useOpenIntegration } from '../../shell/open-integration';
import { RepairActions, needsRepair } from './RepairActions';
import type { Formatters } from './review-model';
import { SecretActions } from './SecretActions';

interface RowDetailsProps {
  row: ReviewRow | null;
  onClose: () => void;
  format: Formatters;
  onChanged: () => void;
  onGone: (message: string) => void;
}

/** Everything about one row: its facts, each problem with what to do, and the secret and repair actions. */
export function RowDetails({ row, onClose, format, onChanged, onGone }: RowDetailsProps) {
  const { t } = useTranslation('review');
  return (
    <Drawer
      opened={row !== null}
      onClose={onClose}
      position="right"
      size="lg"
      // The label may come from the provider: rendered as text.
      title={row?.label}
      classNames={{ title: 'desk-drawer-title desk-wrap' }}
      closeButtonProps={{ 'aria-label': t('close') }}
      // Scroll locking injects a <style> element, which the CSP blocks.
      lockScroll={false}
    >
      {/* Keyed: another row starts with nothing revealed, typed or confirmed. */}
      {row && <RowDetailsBody key={row.id} row={row} format={format} onChanged={onChanged} onGone={onGone} />}
    </Drawer>
  );
}

function RowDetailsBody({
  row,
  format,
  onChanged,
  onGone,
}: Omit<RowDetailsProps, 'row' | 'onClose'> & { row: ReviewRow }) {
  const { t } = useTranslation('review');
  const { t: appT } = useTranslation();
  const openIntegration = useOpenIntegration();
  const setUpPlatform = opensOnIntegrations(row) ? row.platform : null;
  const when = (iso: string | null) => {
    const date = format.dateTime(iso);
    return date === null ? t('never') : `${date} (${format.relative(iso) ?? ''})`;
  };

  return (
    <Stack gap="lg" data-testid="review-details">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('details.facts')}
        </Title>
        <dl className="review-facts">
          <Fact term={t('details.kind')}>{t(`kind.${row.kind}`)}</Fact>
          <Fact term={t('columns.platform')}>
            {row.platform ? getPlatform(row.platform).name : t('filters.noPlatform')}
          </Fact>
          <Fact term={t('details.id')}>
            <span className="review-mono desk-wrap">{row.id}</span>
          </Fact>
          {row.region && <Fact term={t('columns.region')}>{row.region.toUpperCase()}</Fact>}
          <Fact term={t('columns.credentialKind')}>{t(`credentialKind.${row.credentialKind}`)}</Fact>
          <Fact term={t('columns.status')}>{t(`status.${row.status}`, { defaultValue: row.status })}</Fact>
          {row.secretSetAt && <Fact term={t('details.secretSetAt')}>{when(row.secretSetAt)}</Fact>}
          {row.kind === 'connection' && (
            <>
              {row.tokenExpiresAt && (
                <Fact term={t('details.tokenExpiresAt')}>{when(row.tokenExpiresAt)}</Fact>
              )}
              {row.refreshExpiresAt && (
                <Fact term={t('details.refreshExpiresAt')}>{when(row.refreshExpiresAt)}</Fact>
              )}
              <Fact term={t('columns.lastVerified')}>{when(row.lastVerifiedAt)}</Fact>
            </>
          )}
          {row.lastError && (
            <Fact term={t('details.lastError')}>
              {storedCodeText(appT, row.lastError, 'review:details.lastErrorUnknown')}
            </Fact>
          )}
          {row.scopes.length > 0 && (
            <Fact term={t('columns.scopes')}>
              <span className="review-mono desk-wrap">{row.scopes.join(' ')}</span>
            </Fact>
          )}
        </dl>
        {row.fingerprints.length > 0 && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('details.fingerprints')}
            </Text>
            {row.fingerprints.map((fingerprint) => (
              <Group key={fingerprint} gap="sm" wrap="nowrap" align="flex-start">
                <Code block className="desk-wrap desk-grow">
                  {fingerprint}
                </Code>
                <CopyValueButton value={fingerprint} label={t('details.copyFingerprint')} />
              </Group>
            ))}
          </Stack>
        )}
      </Stack>

      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('details.problemsTitle')}
        </Title>
        {row.problems.length === 0 ? (
          <Text size="sm">{t('details.noProblems')}</Text>
        ) : (
          <ul className="review-problem-list">
            {row.problems.map((problem) => (
              <li key={problem} data-testid={`problem-${problem}`}>
                <Text size="sm" fw={600}>
                  {t(`problems.${problem}.name`)}
                </Text>
                <Text size="sm">{t(`problems.${problem}.explain`)}</Text>
                <Text size="sm">{t('details.whatToDo', { action: t(`problems.${problem}.action`) })}</Text>
              </li>
            ))}
          </ul>
        )}
        {openIntegration && setUpPlatform && (
          <Group>
            <Button variant="default" onClick={() => openIntegration(setUpPlatform)}>
              {t('details.openIntegration', { platform: getPlatform(setUpPlatform).name })}
            </Button>
          </Group>
        )}
      </Stack>

      {row.kind !== 'orphan' && (
        <>
          <Divider />
          <SecretActions row={row} />
        </>
      )}

      {needsRepair(row) && (
        <>
          <Divider />
          <RepairActions row={row} onChanged={onChanged} onGone={onGone} />
        </>
      )}
    </Stack>
  );
}

/** Set-up rows, and rows whose problem only set-up puts right (a new app registration). */
function opensOnIntegrations(row: ReviewRow): boolean {
  return row.kind === 'integration' || row.problems.includes('credentialsRetired');
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="review-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
