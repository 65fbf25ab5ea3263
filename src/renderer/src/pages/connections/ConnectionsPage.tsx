import {
  Alert,
  Button,
  Code,
  Group,
  Menu,
  Pagination,
  SegmentedControl,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import type { ConnectFlow, ConnectionSummary, DisconnectResult } from '@shared/ipc/schemas';
import { getPlatform, PLATFORMS, type PlatformId } from '@shared/platforms';
import { api, callApi } from '../../api';
import { LoadingState } from '../../components/LoadingState';
import { flowEndText } from '../../i18n/error-text';
import { useApiQuery } from '../../use-api-query';
import { ClearBooksLinkModal } from '../../features/linking/ClearBooksLinkModal';
import { ConnectFlowPanel, isFlowOpen } from '../../features/linking/ConnectFlowPanel';
import { ConnectionsTable } from './ConnectionsTable';
import { DisconnectModal } from './DisconnectModal';
import { pageOf } from './page-of';
import { useConnections } from './use-connections';
import { ErrorAlert } from '../../components/ErrorAlert';

const listIntegrations = () => api().listIntegrations();

/** What the page last has to say about a sign-in, a link or a disconnection: one at a time. */
type Notice =
  | { kind: 'linked'; label: string | null; signInCap: { name: string; live: number; cap: number } | null }
  | { kind: 'flowEnded'; flow: ConnectFlow }
  | { kind: 'error'; error: IpcError }
  | { kind: 'disconnected'; label: string; revocation: DisconnectResult['revocation'] };

type Filter = 'all' | PlatformId;
/** Companies drawn at once: a desk may hold thousands, each row with its own controls. */
const CONNECTIONS_PER_PAGE = 50;
const isFilter = (value: string): value is Filter => value === 'all' || PLATFORMS.some((p) => p.id === value);

export function ConnectionsPage() {
  const { t } = useTranslation();
  const integrations = useApiQuery(listIntegrations);
  const { query, reload, replace, remove } = useConnections();
  const [flow, setFlow] = useState<ConnectFlow | null>(null);
  const [starting, setStarting] = useState<PlatformId | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState(1);
  const [disconnecting, setDisconnecting] = useState<ConnectionSummary | null>(null);
  const [disconnectOpened, disconnectModal] = useDisclosure(false);
  const [clearBooksOpened, clearBooksModal] = useDisclosure(false);
  const filterLabelId = useId();

  // The flow the page is following: answers about any other (a late poll, a second cancel) are ignored.
  const activeFlowId = useRef<string | null>(null);
  const linkButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  const listTitle = useRef<HTMLHeadingElement>(null);

  const summaries =
    integrations.status === 'done' && integrations.result.ok ? integrations.result.value : null;
  const isSetUp = (platform: PlatformId) =>
    summaries?.some((s) => s.platform === platform && s.configured) ?? false;

  // When the sign-in panel goes away, focus goes back to the menu that started it.
  useEffect(() => {
    if (flow || !returnFocus.current) return;
    linkButton.current?.focus();
    returnFocus.current = false;
  }, [flow]);

  // The disconnected row (and its button) is gone: focus goes to the list it was in.
  useEffect(() => {
    if (notice?.kind === 'disconnected') listTitle.current?.focus();
  }, [notice]);

  function finishFlow() {
    activeFlowId.current = null;
    returnFocus.current = true;
    setFlow(null);
  }

  async function onFlow(next: ConnectFlow) {
    if (next.flowId !== activeFlowId.current) return;
    if (isFlowOpen(next)) {
      setFlow(next);
      return;
    }
    finishFlow();
    if (next.status !== 'linked') {
      setNotice({ kind: 'flowEnded', flow: next });
      return;
    }
    const list = await reload();
    const linked = list.ok ? list.value.find((c) => c.id === next.connectionId) : undefined;
    setNotice({
      kind: 'linked',
      label: linked?.label ?? null,
      signInCap:
        next.warnings.includes('tokenCapNear') && next.signInCap
          ? { name: getPlatform(next.platform).name, ...next.signInCap }
          : null,
    });
  }

  function onFlowLost(platform: PlatformId, error: IpcError) {
    finishFlow();
    setNotice({ kind: 'error', error });
  }

  async function connect(platform: PlatformId) {
    if (starting || flow) return;
    setNotice(null);
    setStarting(platform);
    const result = await callApi(() => api().startConnect({ platform }));
    setStarting(null);
    if (!result.ok) {
      setNotice({ kind: 'error', error: result.error });
      return;
    }
    activeFlowId.current = result.value.flowId;
    await onFlow(result.value);
  }

  function onClearBooksLinked(connection: ConnectionSummary) {
    clearBooksModal.close();
    setNotice({ kind: 'linked', label: connection.label, signInCap: null });
    void reload();
  }

  function onRemoved(connection: ConnectionSummary, result: DisconnectResult) {
    disconnectModal.close();
    remove(connection.id);
    setNotice({ kind: 'disconnected', label: connection.label, revocation: result.revocation });
  }

  const connections = query.status === 'done' && query.result.ok ? query.result.value : null;
  const shown = connections?.filter((c) => filter === 'all' || c.platform === filter) ?? [];
  const onPage = pageOf(shown, page, CONNECTIONS_PER_PAGE);

  return (
    <Stack gap="lg">
      <div className="desk-page-header">
        <Title order={1}>{t('connections.title')}</Title>
        <LinkMenu
          setUp={isSetUp}
          starting={starting}
          busy={flow !== null}
          targetRef={linkButton}
          onConnect={(platform) => void connect(platform)}
          onLinkClearBooks={clearBooksModal.open}
        />
      </div>
      <Text c="dimmed" className="desk-prose">
        {t('connections.intro')}
      </Text>
      {integrations.status === 'done' && !integrations.result.ok && (
        <ErrorAlert error={integrations.result.error} />
      )}

      {notice && <NoticeView notice={notice} onDismiss={() => setNotice(null)} />}

      {flow && (
        <ConnectFlowPanel
          definition={getPlatform(flow.platform)}
          flow={flow}
          onFlow={(next) => void onFlow(next)}
          onLost={(error) => onFlowLost(flow.platform, error)}
        />
      )}

      <Stack gap="sm">
        <Title order={2} size="h3" ref={listTitle} tabIndex={-1}>
          {t('connections.listTitle')}
        </Title>
        {query.status === 'loading' && <LoadingState label={t('connections.loading')} />}
        {query.status === 'done' && !query.result.ok && (
          <ErrorAlert
            error={query.result.error}
            retry={{ label: t('app.retry'), onClick: () => void reload() }}
          />
        )}
        {connections && connections.length === 0 && <Text>{t('connections.empty')}</Text>}
        {connections && connections.length > 0 && (
          <>
            <Group gap="sm" wrap="wrap">
              <Text id={filterLabelId} size="sm" fw={500}>
                {t('connections.filter')}
              </Text>
              <SegmentedControl
                size="xs"
                aria-labelledby={filterLabelId}
                data={[
                  { value: 'all', label: t('connections.filterAll') },
                  ...PLATFORMS.map((p) => ({ value: p.id, label: p.name })),
                ]}
                value={filter}
                onChange={(value) => {
                  if (!isFilter(value)) return;
                  setFilter(value);
                  setPage(1);
                }}
              />
            </Group>
            {filter !== 'all' && shown.length === 0 ? (
              <Text>{t('connections.emptyForPlatform', { name: getPlatform(filter).name })}</Text>
            ) : (
              <>
                <ConnectionsTable
                  // A page of its own: the table's scroll box starts at its top again.
                  key={onPage.current}
                  connections={onPage.items}
                  onUpdated={replace}
                  onDisconnect={(connection) => {
                    setDisconnecting(connection);
                    disconnectModal.open();
                  }}
                />
                {onPage.pages > 1 && (
                  <Pager
                    pages={onPage.pages}
                    current={onPage.current}
                    first={onPage.first}
                    last={onPage.last}
                    total={shown.length}
                    onPage={(next) => {
                      setPage(next);
                      listTitle.current?.scrollIntoView({ block: 'start' });
                    }}
                  />
                )}
              </>
            )}
          </>
        )}
      </Stack>

      <DisconnectModal
        connection={disconnecting}
        opened={disconnectOpened}
        onClose={disconnectModal.close}
        onRemoved={onRemoved}
      />
      <ClearBooksLinkModal
        opened={clearBooksOpened}
        onClose={clearBooksModal.close}
        onLinked={onClearBooksLinked}
      />
    </Stack>
  );
}

interface PagerProps {
  pages: number;
  current: number;
  first: number;
  last: number;
  total: number;
  onPage: (page: number) => void;
}

/** Which companies are shown, and the pages of the list, each control named in words. */
function Pager({ pages, current, first, last, total, onPage }: PagerProps) {
  const { t, i18n } = useTranslation();
  const count = (n: number) => n.toLocaleString(i18n.language);
  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed" role="status">
        {t('connections.pageRange', { first: count(first), last: count(last), total: count(total) })}
      </Text>
      <nav aria-label={t('connections.pages')}>
        <Pagination
          size="sm"
          total={pages}
          value={current}
          onChange={onPage}
          withEdges
          getItemProps={(page) => ({ 'aria-label': t('connections.page', { page: count(page) }) })}
          getControlProps={(control) => ({ 'aria-label': t(`connections.pageControls.${control}`) })}
        />
      </nav>
    </Group>
  );
}

interface LinkMenuProps {
  setUp: (platform: PlatformId) => boolean;
  /** The platform whose sign-in is starting. */
  starting: PlatformId | null;
  /** A sign-in is open: one at a time. */
  busy: boolean;
  targetRef: Ref<HTMLButtonElement>;
  onConnect: (platform: PlatformId) => void;
  onLinkClearBooks: () => void;
}

/** One "Link a company" menu with an item per platform; a platform not set up yet says so in its item. */
function LinkMenu({ setUp, starting, busy, targetRef, onConnect, onLinkClearBooks }: LinkMenuProps) {
  const { t } = useTranslation();
  return (
    // No focus placeholder: a focusable element inside role="menu" that is not a menuitem breaks the menu's semantics.
    <Menu
      position="bottom-end"
      width={360}
      withInitialFocusPlaceholder={false}
      // Opens at once, as a desktop app's menus do.
      transitionProps={{ duration: 0 }}
      // Stays open while its button scrolls out of view (and where layout is not measured, as in jsdom).
      hideDetached={false}
    >
      <Menu.Target>
        <Button
          ref={targetRef}
          loading={starting !== null}
          disabled={busy}
          rightSection={<span aria-hidden="true">▾</span>}
        >
          {t('connections.linkTitle')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {PLATFORMS.map((definition) =>
          definition.authKind === 'apiKey' ? (
            // Clear Books needs no app registration: the customer's key is all it takes, so it is always offered.
            <Menu.Item key={definition.id} onClick={onLinkClearBooks}>
              {t('connections.linkClearBooks')}
            </Menu.Item>
          ) : (
            <LinkMenuItem
              key={definition.id}
              name={definition.name}
              setUp={setUp(definition.id)}
              onClick={() => onConnect(definition.id)}
            />
          ),
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

/** A platform's item; when it cannot be linked yet, the reason is its description. */
function LinkMenuItem({ name, setUp, onClick }: { name: string; setUp: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  const hintId = useId();
  return (
    <Menu.Item
      disabled={!setUp}
      onClick={onClick}
      aria-label={t('connections.connect', { name })}
      aria-describedby={setUp ? undefined : hintId}
    >
      <Text size="sm">{t('connections.connect', { name })}</Text>
      {!setUp && (
        <Text id={hintId} size="xs" c="dimmed" className="desk-wrap">
          {t('connections.setUpFirst', { name })}
        </Text>
      )}
    </Menu.Item>
  );
}

function NoticeView({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const { t } = useTranslation();
  const dismiss = { withCloseButton: true, closeButtonLabel: t('notices.dismiss'), onClose: onDismiss };

  switch (notice.kind) {
    case 'linked':
      return (
        <Stack gap="sm">
          <Alert color="teal" role="status" {...dismiss}>
            {notice.label === null
              ? t('connections.linkedNoLabel')
              : t('connections.linked', { label: notice.label })}
          </Alert>
          {notice.signInCap && (
            <Alert
              color="yellow"
              title={t('connections.signInCapTitle', notice.signInCap)}
              data-testid="token-cap-warning"
            >
              {t('connections.signInCap', notice.signInCap)}
            </Alert>
          )}
        </Stack>
      );
    case 'flowEnded': {
      const { flow } = notice;
      return (
        <Alert
          color={flow.status === 'cancelled' ? 'gray' : 'red'}
          role="alert"
          title={t('connections.flow.notLinked')}
          {...dismiss}
        >
          <Stack gap="xs">
            <Text size="sm">{flowEndText(t, flow)}</Text>
            {flow.providerText !== undefined && (
              // The provider's own words: labelled as theirs and shown as text, never as markup.
              <Stack gap={2}>
                <Text size="sm" fw={500}>
                  {t('connections.flow.providerSaid')}
                </Text>
                <Code block className="desk-wrap" data-testid="provider-text">
                  {flow.providerText}
                </Code>
              </Stack>
            )}
          </Stack>
        </Alert>
      );
    }
    case 'error':
      return <ErrorAlert error={notice.error} {...dismiss} />;
    case 'disconnected':
      return (
        <Alert color="teal" role="status" {...dismiss}>
          {notice.revocation === 'revoked'
            ? t('connections.disconnected', { label: notice.label })
            : notice.revocation === 'notSupported'
              ? t('connections.disconnectedNotSupported')
              : t('connections.removedNotRevoked', { label: notice.label })}
        </Alert>
      );
  }
}
