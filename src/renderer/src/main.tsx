// The tokens and element defaults first: every component's module builds on them.
import './styles/tokens.css';
import './styles/base.css';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createAppRouter } from './app/router';
import { ToastProvider } from './components/Toast';
import { notifyOnEvents } from './data/desktop-notifications';
import { connectEvents } from './data/event-bridge';
import { createQueryClient } from './data/query-client';
import { uploadActivity } from './data/upload-activity';

const queryClient = createQueryClient();
// Before the first render: no event main sends can be missed.
connectEvents(window.api, queryClient, uploadActivity);
notifyOnEvents(window.api);
const router = createAppRouter();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <RouterProvider router={router} />
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
