import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { withProviders } from '../test/render.js';
import { DeleteStoreDialog } from './delete-store-dialog.js';

function open(props: { pending?: boolean; error?: unknown } = {}) {
  const onConfirm = vi.fn();
  const onClose = vi.fn();
  withProviders(
    <DeleteStoreDialog
      store={{ name: 'corner-shop' }}
      pending={props.pending ?? false}
      error={props.error ?? null}
      onConfirm={onConfirm}
      onClose={onClose}
    />,
  );
  return {
    onConfirm,
    onClose,
    input: screen.getByLabelText('Type corner-shop to confirm'),
    button: screen.getByRole('button', { name: /^Delet/ }),
  };
}

describe('DeleteStoreDialog', () => {
  it('enables deletion only when the exact name is typed', async () => {
    const { input, button, onConfirm } = open();
    expect((button as HTMLButtonElement).disabled).toBe(true);
    for (const attempt of ['corner', 'Corner-shop', 'corner-shop ', ' corner-shop']) {
      await userEvent.clear(input);
      await userEvent.type(input, attempt);
      expect((button as HTMLButtonElement).disabled).toBe(true);
    }
    await userEvent.keyboard('{Enter}');
    expect(onConfirm).not.toHaveBeenCalled();

    await userEvent.clear(input);
    await userEvent.type(input, 'corner-shop');
    expect((button as HTMLButtonElement).disabled).toBe(false);
    await userEvent.keyboard('{Enter}');
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });

  it('starts with focus in the confirmation field and closes on Escape', async () => {
    const { input, onClose } = open();
    expect(document.activeElement).toBe(input);
    expect(screen.getByRole('dialog').getAttribute('aria-describedby')).toBeTruthy();
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalled();
  });

  it('does not submit twice while the delete is in flight', async () => {
    const { input, button, onConfirm } = open({ pending: true });
    await userEvent.type(input, 'corner-shop{Enter}');
    expect(button.textContent).toBe('Deleting…');
    expect((button as HTMLButtonElement).disabled).toBe(true);
    expect(onConfirm).not.toHaveBeenCalled();
  });
});
