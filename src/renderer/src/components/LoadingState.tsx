import { Group, Loader, Text } from '../mantine-first-screen';

/** A spinner with words, announced politely to screen readers. */
export function LoadingState({ label }: { label: string }) {
  return (
    <Group role="status" gap="sm" p="md">
      <Loader size="sm" />
      <Text size="sm">{label}</Text>
    </Group>
  );
}
