/**
 * The Mantine components the first screen draws, each from its own file rather than from the
 * '@mantine/core' index. The index imports every component; were the first screen to import it,
 * the bundler would keep every component the later screens use in the first chunk as well. Later
 * screens import '@mantine/core' as usual (their share then loads with them). Files reached from
 * main.tsx without a lazy import() in between import Mantine from here only (a test checks).
 * `@mantine-core-parts/X` is Mantine's own esm/X.mjs (types: lib/X.d.ts), aliased in
 * electron.vite.config.ts, vitest.config.mts and tsconfig.base.json.
 */
export { MantineProvider } from '@mantine-core-parts/core/MantineProvider/MantineProvider';
export { Alert } from '@mantine-core-parts/components/Alert/Alert';
export { Badge } from '@mantine-core-parts/components/Badge/Badge';
export { Button } from '@mantine-core-parts/components/Button/Button';
export { Card } from '@mantine-core-parts/components/Card/Card';
export { Group } from '@mantine-core-parts/components/Group/Group';
export { Loader } from '@mantine-core-parts/components/Loader/Loader';
export { NavLink } from '@mantine-core-parts/components/NavLink/NavLink';
export { Stack } from '@mantine-core-parts/components/Stack/Stack';
export { Switch } from '@mantine-core-parts/components/Switch/Switch';
export { Text } from '@mantine-core-parts/components/Text/Text';
export { Title } from '@mantine-core-parts/components/Title/Title';
