import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from '../api/ApiContext';
import { createFakeBridge } from '../testing/fake-bridge';
import '../app.css';
import { BenchDashboard } from './BenchDashboard';
import { benchOptions, runBench, type BenchResult } from './run-bench';
import { prepareStream } from './synthetic-stream';

declare global {
  interface Window {
    /** The finished run, read by scripts/render-bench.mjs. */
    benchResult?: BenchResult;
    benchError?: string;
  }
}

const options = benchOptions(window.location.search);
const bridge = createFakeBridge();
// Before the first render: the store's first requests must already get the synthetic history.
const stream = prepareStream(bridge, options);

function BenchRoot() {
  const [status, setStatus] = useState('running…');
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.state = 'running';
    runBench(stream, options).then(
      (result) => {
        window.benchResult = result;
        setStatus(
          `median ${result.medianFps.toFixed(1)} fps · p5 ${result.p5Fps.toFixed(1)} fps · longest frame ${result.longestFrameMs.toFixed(0)} ms`,
        );
        root.dataset.state = 'done';
      },
      (e: unknown) => {
        window.benchError = String(e);
        setStatus(`failed: ${String(e)}`);
        root.dataset.state = 'failed';
      },
    );
  }, []);
  return (
    <ApiProvider bridge={bridge}>
      <BenchDashboard status={status} views={options.views} />
    </ApiProvider>
  );
}

// No StrictMode: the bench measures production behaviour, where effects run once.
createRoot(document.getElementById('root')!).render(<BenchRoot />);
