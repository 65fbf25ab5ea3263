/**
 * Exit 0 when an Electron binary can open a window here; otherwise print why and exit 1.
 * The test script asks before switching native modules to Electron's ABI for the Electron specs.
 */
import { electronUnavailableReason } from '../test/e2e/electron/electron-binary';

const reason = electronUnavailableReason();
if (reason) {
  console.log(`Electron specs will not launch the app: ${reason}`);
  process.exit(1);
}
