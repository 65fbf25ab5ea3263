// Floor page: the list's shape drawn with the first screen's Mantine components and CSS, and nothing
// else of the app (no i18n, no bridge, no data from main): first-screen-floor.ts.
import '../../src/renderer/src/styles/first-screen';

import { useLayoutEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import {
  Badge,
  Button,
  Card,
  Group,
  MantineProvider,
  NavLink,
  Stack,
  Switch,
  Text,
  Title,
} from '../../src/renderer/src/mantine-first-screen';
import { markInteractive } from '../../src/renderer/src/readiness';
import { CARDS, NAV } from './sample';

function IntegrationCard({ card }: { card: (typeof CARDS)[number] }) {
  const [enabled, setEnabled] = useState(card.enabled);
  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="lg">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {card.name}
          </Title>
          <Text size="sm" c="dimmed">
            {card.description}
          </Text>
          <Group gap="xs">
            <Badge variant="light" color={card.configured ? 'teal' : 'gray'}>
              {card.configured ? 'Set up' : 'Not set up'}
            </Badge>
            <Badge variant="light" color={enabled ? 'blue' : 'gray'}>
              {enabled ? 'Enabled' : 'Disabled'}
            </Badge>
          </Group>
        </Stack>
        <Stack gap="sm" align="flex-end">
          <Switch
            checked={enabled}
            onChange={(event) => setEnabled(event.currentTarget.checked)}
            label={`Enable ${card.name}`}
            labelPosition="left"
          />
          <Button variant="default">{card.configured ? 'Manage' : 'Set up'}</Button>
        </Stack>
      </Group>
    </Card>
  );
}

function List() {
  useLayoutEffect(() => markInteractive(), []);
  return (
    <MantineProvider withCssVariables={false} withGlobalClasses={false} forceColorScheme="light">
      <nav>
        {NAV.map((item, i) => (
          <NavLink key={item} href="#" label={item} active={i === 0} />
        ))}
      </nav>
      <main>
        <Stack gap="md">
          <Title order={1}>Integrations</Title>
          <Text c="dimmed">Set up each accounting platform, then link companies to it.</Text>
          {CARDS.map((card) => (
            <IntegrationCard key={card.name} card={card} />
          ))}
        </Stack>
      </main>
    </MantineProvider>
  );
}

createRoot(document.getElementById('root')!).render(<List />);
