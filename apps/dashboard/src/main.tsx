import './styles.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App, createQueryClient } from './app.js';

const queryClient = createQueryClient();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);
