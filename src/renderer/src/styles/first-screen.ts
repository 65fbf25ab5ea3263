// Mantine's stylesheet per component (https://mantine.dev/styles/css-files-list/) instead of the
// whole styles.css: the first screen loads only what it draws. Order matters: a component's CSS
// comes after the CSS of the components it is built on (Button after UnstyledButton, Card after
// Paper, Switch after Input), as in Mantine's own list. Each is the `@layer mantine` file, so app.css
// wins over Mantine whenever a file loads (https://mantine.dev/styles/mantine-styles/#css-layers).
import '@mantine/core/styles/baseline.layer.css';
import '@mantine/core/styles/default-css-variables.layer.css';
import '@mantine/core/styles/global.layer.css';
import '@mantine/core/styles/UnstyledButton.layer.css';
import '@mantine/core/styles/VisuallyHidden.layer.css';
import '@mantine/core/styles/Paper.layer.css';
import '@mantine/core/styles/CloseButton.layer.css';
import '@mantine/core/styles/Group.layer.css';
import '@mantine/core/styles/Stack.layer.css';
import '@mantine/core/styles/Loader.layer.css';
import '@mantine/core/styles/Input.layer.css';
import '@mantine/core/styles/InlineInput.layer.css';
import '@mantine/core/styles/Text.layer.css';
import '@mantine/core/styles/Title.layer.css';
import '@mantine/core/styles/Alert.layer.css';
import '@mantine/core/styles/Badge.layer.css';
import '@mantine/core/styles/Button.layer.css';
import '@mantine/core/styles/Card.layer.css';
import '@mantine/core/styles/NavLink.layer.css';
import '@mantine/core/styles/Switch.layer.css';
