// First, so the first screen's calls to main go out before React and the app are evaluated.
import { firstCalls } from './first-calls-at-load';
import './styles/first-screen';
import './app.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { firstScreenReady, startBoot } from './boot';
import { STARTUP_MARKS } from './readiness';

const boot = startBoot(firstCalls);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

// One render with the data rather than three (loading → shell → cards); a slow answer still gets
// the loading state after a moment.
void firstScreenReady(boot, 400).then(() => {
  performance.mark(STARTUP_MARKS.renderStart);
  root.render(
    <StrictMode>
      <App boot={boot} />
    </StrictMode>,
  );
});
