import '@mantine/core/styles.css';
import './theme.css';
import { createTheme, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

// The default shade of blue is too light behind white text for WCAG AA; one darker passes.
const theme = createTheme({ primaryShade: 8 });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <App />
    </MantineProvider>
  </StrictMode>,
);
