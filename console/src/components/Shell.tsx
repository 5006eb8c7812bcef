import { Box, Button, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { api } from '../api/client.ts';
import type { Me } from '../api/types.ts';
import { navigate } from '../router.tsx';
import { TeamSwitcher } from './TeamSwitcher.tsx';

/** The frame of every signed-in page: who is signed in, which team, and the way out. */
export function Shell({ me, onSignedOut, children }: { me: Me; onSignedOut: () => void; children: ReactNode }) {
  const signOut = async () => {
    await api.DELETE('/api/v1/sessions/current');
    navigate('/', { replace: true });
    onSignedOut();
  };
  return (
    // A header in the flow rather than fixed: where it wraps on a narrow screen, it pushes the page down.
    <>
      <Box component="header" px="md" py="xs" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={700} size="xl">
            Gatehouse
          </Text>
          <Group gap="sm" wrap="wrap">
            <TeamSwitcher teams={me.teams} />
            <Text size="sm" visibleFrom="sm">
              {me.email}
            </Text>
            <Button variant="default" onClick={signOut}>
              Sign out
            </Button>
          </Group>
        </Group>
      </Box>
      <Box component="main" p="md">
        {children}
      </Box>
    </>
  );
}
